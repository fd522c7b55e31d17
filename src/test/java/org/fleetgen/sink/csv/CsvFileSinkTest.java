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

    private Path file() {
        return dir.resolve("out.csv");
    }

    @Override
    protected SampleSink<?> open() throws Exception {
        return CsvFileSink.toFile(new CsvLayout(grid, true, true), org.fleetgen.sink.OutputFile.prepare(file()));
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
    protected void breakDestination(SampleSink<?> sink) throws Exception {
        // Swap the sink's stream for one that fails, as a full disk would.
        var field = CsvFileSink.class.getDeclaredField("out");
        field.setAccessible(true);
        ((OutputStream) field.get(sink)).close();
        field.set(sink, new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        });
    }
}
