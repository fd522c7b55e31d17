package org.fleetgen.sink.csv;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.fleetgen.sample.MetricSample;
import org.fleetgen.sink.SampleSink;
import org.fleetgen.sink.SampleSinkContract;
import org.junit.jupiter.api.io.TempDir;

class CsvFileSinkTest extends SampleSinkContract {
    @TempDir
    Path dir;

    /** Set to make the file's stream fail from now on, as a full disk would. */
    private volatile boolean broken;

    private Path file() {
        return dir.resolve("out.csv");
    }

    @Override
    protected SampleSink<?> open() throws Exception {
        broken = false;
        return CsvFileSink.toFile(new CsvLayout(grid, true, true), org.fleetgen.sink.OutputFile.prepare(file()),
                out -> new java.io.FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        if (broken) {
                            throw new IOException("No space left on device");
                        }
                        out.write(b, off, len);
                    }

                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }
                });
    }

    @Override
    protected List<MetricSample> readBack() throws IOException {
        List<MetricSample> rows = new ArrayList<>();
        if (!Files.exists(file())) {
            return rows;
        }
        List<String> lines = Files.readAllLines(file());
        LocalDateTime start = grid.start().atStartOfDay();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            int stamp = (int) java.time.Duration.between(start, LocalDateTime.parse(f[0].replace(' ', 'T'))).toHours();
            rows.add(new MetricSample(Integer.parseInt(f[1].substring("server_".length())), stamp, Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6])));
        }
        return rows;
    }

    @Override
    protected boolean finishesOutput() {
        return true;
    }

    @Override
    protected void breakDestination(SampleSink<?> sink) {
        broken = true;
    }
}
