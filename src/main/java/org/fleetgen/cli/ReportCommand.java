package org.fleetgen.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.fleetgen.postgres.ConnectionPool;
import org.fleetgen.report.HtmlReport;
import org.fleetgen.report.ReportData;
import org.fleetgen.report.ReportReader;
import org.fleetgen.sink.OutputFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fleetgen report --out FILE}: one HTML file of tables and charts from a loaded dataset's views,
 * readable offline. The file appears only when the whole report was written; a failure leaves whatever
 * was at {@code --out} before.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes a self-contained HTML report (tables and charts, no network access when opened) of the dataset "
                + "in the schema, read from its views.")
final class ReportCommand extends StreamCommand {
    @Mixin
    DatabaseOptions database;

    @Mixin
    CommonOptions common;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", required = true, description = "The HTML file to write (replaced if it exists).")
    Path out;

    @Override
    public Integer call() throws Exception {
        database.validate();
        long start = System.nanoTime();
        try (OutputFile file = OutputPaths.prepare("--out", out)) {
            ReportData data;
            try (ConnectionPool pool = ConnectionPool.open(database.resolve(DatabaseOptions.Embedded.EXISTING, common.quiet), 3)) {
                data = new ReportReader(pool).read();
            }
            HtmlReport report = new HtmlReport(data, Fleetgen.version());
            report.write(file.stream());
            file.commit();
            if (!common.quiet) {
                streams.err().printf(Locale.ROOT, "fleetgen: wrote %s (%d charts, %s) from schema %s in %.1f s%n", out,
                        report.chartIds().size(), Sizes.bytes(java.nio.file.Files.size(file.target())), data.schema(),
                        (System.nanoTime() - start) / 1e9);
            }
        }
        return Fleetgen.OK;
    }
}
