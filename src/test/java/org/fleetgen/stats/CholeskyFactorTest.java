package org.fleetgen.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The four reference factors, as numpy.linalg.cholesky printed them. */
class CholeskyFactorTest {
    private static final Map<String, double[][]> NUMPY = Map.of(
            "web", new double[][] {{1, 0, 0, 0}, {0.5, 0.8660254037844386, 0, 0},
                    {0.1, 0.17320508075688779, 0.9797958971132712, 0}, {0.8, -0.23094010767585035, 0.265361388801511, 0.48605555238058934}},
            "application", new double[][] {{1, 0, 0, 0}, {0.7, 0.714142842854285, 0, 0},
                    {0.1, 0.46209242772924325, 0.881175685227012, 0}, {0.6, -0.30806161848616215, 0.4339122692405741, 0.5973426000363459}},
            "database", new double[][] {{1, 0, 0, 0}, {0.6, 0.8, 0, 0},
                    {0.1, 0.7999999999999998, 0.5916079783099618, 0}, {0.4, -0.049999999999999975, 0.5070925528371096, 0.7618117502750552}},
            "batch", new double[][] {{1, 0, 0, 0}, {0.4, 0.916515138991168, 0, 0},
                    {0.1, 0.5019011475427824, 0.8591246929842246, 0}, {0.3, 0.08728715609439697, 0.26328014785000425, 0.9127236800527486}});

    private static final Map<String, double[]> PROFILE = Map.of(
            "web", new double[] {0.5, 0.8, 0.2},
            "application", new double[] {0.7, 0.6, 0.4},
            "database", new double[] {0.6, 0.4, 0.7},
            "batch", new double[] {0.4, 0.3, 0.5});

    static double[][] matrix(double cm, double cn, double md) {
        return new double[][] {{1, cm, 0.1, cn}, {cm, 1, md, 0.2}, {0.1, md, 1, 0.3}, {cn, 0.2, 0.3, 1}};
    }

    @Test
    void referenceFactorsMatchNumpy() {
        for (String name : NUMPY.keySet()) {
            double[] r = PROFILE.get(name);
            double[][] l = new CholeskyFactor(matrix(r[0], r[1], r[2])).lower();
            double[][] want = NUMPY.get(name);
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(want[i][j], l[i][j], 1e-15, name + " L[" + i + "][" + j + "]");
                }
            }
        }
    }

    @Test
    void factorReproducesTheMatrix() {
        double[][] a = matrix(0.7, 0.6, 0.4);
        double[][] l = new CholeskyFactor(a).lower();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double sum = 0;
                for (int k = 0; k < 4; k++) {
                    sum += l[i][k] * l[j][k];
                }
                assertEquals(a[i][j], sum, 1e-12);
            }
        }
    }

    @Test
    void rejectsNonPositiveDefiniteMatrix() {
        // cpu~mem and cpu~net near 1 but mem~net 0.2: impossible together.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CholeskyFactor(matrix(0.95, 0.95, 0.2)));
        assertEquals("matrix is not positive definite", e.getMessage());
    }

    @Test
    void multiplySumsRowsLeftToRight() {
        CholeskyFactor f = new CholeskyFactor(matrix(0.5, 0.8, 0.2));
        double[] out = new double[4];
        f.multiply(new double[] {1, 2, 3, 4}, out);
        assertEquals(1.0, out[0]);
        assertEquals(0.5 + 0.8660254037844386 * 2, out[1], 1e-15);
    }
}
