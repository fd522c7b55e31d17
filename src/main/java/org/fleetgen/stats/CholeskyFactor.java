package org.fleetgen.stats;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.NonSquareMatrixException;
import org.apache.commons.math3.linear.NonSymmetricMatrixException;

/**
 * The lower Cholesky factor L of a symmetric positive-definite matrix A, so that A = L·Lᵀ,
 * computed by Commons Math's {@link CholeskyDecomposition}.
 *
 * <p>Used to correlate independent standard normals: if z has identity covariance, L·z has
 * covariance A. A matrix that is not symmetric or not positive definite is rejected with an
 * {@link IllegalArgumentException}; there is deliberately no identity fallback (the reference code
 * has one, which would silently drop all correlation).
 */
public final class CholeskyFactor {
    private final double[][] lower;

    public CholeskyFactor(double[][] symmetricPositiveDefinite) {
        try {
            this.lower = new CholeskyDecomposition(new Array2DRowRealMatrix(symmetricPositiveDefinite, true)).getL().getData();
        } catch (NonSymmetricMatrixException e) {
            throw new IllegalArgumentException("matrix is not symmetric", e);
        } catch (NonPositiveDefiniteMatrixException e) {
            throw new IllegalArgumentException("matrix is not positive definite", e);
        } catch (NonSquareMatrixException e) {
            throw new IllegalArgumentException("matrix is not square", e);
        }
    }

    public int dimension() {
        return lower.length;
    }

    public double get(int row, int column) {
        return lower[row][column];
    }

    /** A copy of L, row-major. */
    public double[][] lower() {
        double[][] copy = new double[lower.length][];
        for (int i = 0; i < lower.length; i++) {
            copy[i] = lower[i].clone();
        }
        return copy;
    }

    /** out = L·z, summing each row left to right as numpy's matmul does for a 4x4 by 4 product. */
    public void multiply(double[] z, double[] out) {
        for (int i = 0; i < lower.length; i++) {
            double[] row = lower[i];
            double sum = row[0] * z[0];
            for (int j = 1; j < row.length; j++) {
                sum += row[j] * z[j];
            }
            out[i] = sum;
        }
    }
}
