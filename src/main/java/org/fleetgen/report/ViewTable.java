package org.fleetgen.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A view's rows as read, in its natural order: column names and values as JDBC returns them (numbers,
 * strings, dates, booleans; null for SQL NULL). Small by construction: only the aggregate views are read.
 */
public record ViewTable(List<String> columns, List<Object[]> rows) {
    public ViewTable {
        columns = List.copyOf(columns);
        rows = Collections.unmodifiableList(new ArrayList<>(rows));
    }

    public int column(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + name + " in " + columns);
        }
        return i;
    }

    /** The rows whose columns equal the given values (compared as text). */
    public List<Object[]> where(Map<String, String> key) {
        List<Object[]> out = new ArrayList<>();
        for (Object[] r : rows) {
            boolean all = true;
            for (Map.Entry<String, String> e : key.entrySet()) {
                all &= e.getValue().equals(String.valueOf(r[column(e.getKey())]));
            }
            if (all) {
                out.add(r);
            }
        }
        return out;
    }

    public double number(Object[] row, String column) {
        Object v = row[column(column)];
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }
}
