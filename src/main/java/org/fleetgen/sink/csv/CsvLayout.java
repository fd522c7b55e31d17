package org.fleetgen.sink.csv;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.fleetgen.config.Granularity;
import org.fleetgen.fleet.Server;
import org.fleetgen.sample.Metric;
import org.fleetgen.sample.SampleBlock;
import org.fleetgen.sample.TimeGrid;

/**
 * Encodes blocks as the reference CSV ({@code df.to_csv}): header, then per row the timestamp, the
 * server, the five metrics as Python's {@code repr} prints them, optionally the metadata and
 * calendar columns, LF line ends. Thread-safe: per-day text is computed once, up front.
 */
public final class CsvLayout {
    private final boolean metadata;
    private final boolean calendar;
    private final TimeGrid grid;
    /** Per day: the timestamp's date text. */
    private final byte[][] dateText;
    /** Per day: the calendar columns up to and including is_eoq's trailing comma. */
    private final byte[][] calendarText;

    public CsvLayout(TimeGrid grid, boolean metadata, boolean calendar) {
        this.grid = grid;
        this.metadata = metadata;
        this.calendar = calendar;
        int days = grid.dayCount();
        dateText = new byte[days][];
        calendarText = new byte[days][];
        for (int i = 0; i < days; i++) {
            TimeGrid.Day d = grid.day(i);
            dateText[i] = d.date().toString().getBytes(StandardCharsets.US_ASCII);
            String cal = "," + d.date().getYear() + "," + d.date().getMonthValue() + "," + d.quarter() + ","
                    + d.dayOfWeek() + "," + (d.isWeekend() ? 1 : 0) + "," + (d.isEoq() ? 1 : 0) + ",";
            calendarText[i] = cal.getBytes(StandardCharsets.US_ASCII);
        }
    }

    /**
     * Bytes a row takes, for the free-space check before an export: measured on the default dataset
     * (175,320 daily rows: 52.0 bytes a row without metadata and calendar, +33.9 with metadata, +17.2
     * with calendar; hourly timestamps are 9 bytes longer; gzip 16-20 bytes a row).
     */
    public double estimatedRowBytes(boolean gzip) {
        if (gzip) {
            return 20;
        }
        return 52 + (metadata ? 34 : 0) + (calendar ? 17.2 : 0)
                + (grid.granularity() == Granularity.HOURLY ? 9 : 0);
    }

    public List<String> columns() {
        List<String> cols = new ArrayList<>(List.of("timestamp", "server_id"));
        cols.addAll(Metric.columns());
        if (metadata) {
            cols.addAll(List.of("app_name", "business_unit", "criticality", "region", "server_type"));
        }
        if (calendar) {
            cols.addAll(List.of("year", "month", "quarter", "dayofweek", "is_weekend", "is_eoq", "is_holiday"));
        }
        return cols;
    }

    public byte[] header() {
        return (String.join(",", columns()) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    public byte[] encode(SampleBlock block) {
        Server server = block.server();
        byte[] serverText = ("," + server.id() + ",").getBytes(StandardCharsets.US_ASCII);
        byte[] metadataText = metadata
                ? ("," + server.metadata().appName() + "," + server.metadata().businessUnit() + ","
                + server.metadata().criticality() + "," + server.metadata().region() + "," + server.type())
                .getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        ByteText out = new ByteText(block.size() * (96 + metadataText.length));
        boolean dateOnly = grid.allMidnight();
        for (int r = 0; r < block.size(); r++) {
            int stamp = block.stamp(r);
            int day = grid.dayIndexOf(stamp);
            int hour = grid.hourOf(stamp);
            out.append(dateText[day]);
            if (!dateOnly) {
                out.append((byte) ' ').appendTwoDigits(hour).append((byte) ':').appendTwoDigits(0)
                        .append((byte) ':').appendTwoDigits(0);
            }
            out.append(serverText);
            for (Metric m : Metric.ALL) {
                if (m.ordinal() > 0) {
                    out.append((byte) ',');
                }
                out.appendPythonFloat(block.value(m, r));
            }
            out.append(metadataText);
            if (calendar) {
                out.append(calendarText[day]);
                // is_holiday matches the exact timestamp against midnight of holiday dates (docs/model.md §10).
                out.append((byte) (grid.day(day).isHoliday() && hour == 0 ? '1' : '0'));
            }
            out.append((byte) '\n');
        }
        return out.toByteArray();
    }
}
