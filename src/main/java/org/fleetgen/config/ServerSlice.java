package org.fleetgen.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Some servers of a fleet, by id: {@code server_000,server_010-server_019}. A slice's servers are generated
 * exactly as in the whole fleet (their archetype, metadata and values do not depend on which others are
 * generated), so a slice of a dataset is that dataset with the other servers cut out.
 *
 * @param ranges disjoint ranges of 0-based server indices, inclusive, in ascending order
 */
public record ServerSlice(List<Range> ranges) {
    public static final String FIELD = "only_servers";
    private static final Pattern ID = Pattern.compile("server_(\\d{3,9})");

    /** Server indices {@code from .. to}, inclusive. */
    public record Range(int from, int to) {
        public int count() {
            return to - from + 1;
        }
    }

    public ServerSlice {
        ranges = List.copyOf(ranges);
        if (ranges.isEmpty()) {
            throw new ConfigException(FIELD, "", "names no server");
        }
    }

    /** Parses ids and ranges of ids, comma-separated, in any order; overlaps are refused. */
    public static ServerSlice parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new ConfigException(field, text, "names no server; give ids or ranges such as server_000,server_010-server_019");
        }
        List<Range> ranges = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.trim();
            int dash = p.indexOf('-');
            int from = index(field, text, dash < 0 ? p : p.substring(0, dash));
            int to = dash < 0 ? from : index(field, text, p.substring(dash + 1));
            if (to < from) {
                throw new ConfigException(field, text, "range '" + p + "' runs backwards");
            }
            ranges.add(new Range(from, to));
        }
        ranges.sort(Comparator.comparingInt(Range::from));
        for (int i = 1; i < ranges.size(); i++) {
            if (ranges.get(i).from() <= ranges.get(i - 1).to()) {
                throw new ConfigException(field, text, "names " + id(ranges.get(i).from()) + " twice (ranges overlap)");
            }
        }
        return new ServerSlice(ranges);
    }

    private static int index(String field, String text, String id) {
        Matcher m = ID.matcher(id.trim());
        if (!m.matches()) {
            throw new ConfigException(field, text, "'" + id.trim() + "' is not a server id such as server_007");
        }
        int index = Integer.parseInt(m.group(1));
        if (!id(index).equals(id.trim())) {
            throw new ConfigException(field, text, "'" + id.trim() + "' is not a server id; ids have three digits at least, without extra zeros ("
                    + id(index) + ")");
        }
        return index;
    }

    /** The id of a server index: {@code server_007}, {@code server_1000}. */
    public static String id(int index) {
        String digits = Integer.toString(index);
        return "server_" + "000".substring(Math.min(3, digits.length())) + digits;
    }

    public int count() {
        int n = 0;
        for (Range r : ranges) {
            n += r.count();
        }
        return n;
    }

    /** The largest index in the slice. */
    public int last() {
        return ranges.get(ranges.size() - 1).to();
    }

    public boolean contains(int index) {
        for (Range r : ranges) {
            if (index >= r.from() && index <= r.to()) {
                return true;
            }
        }
        return false;
    }

    /** The indices in ascending order. */
    public int[] indices() {
        int[] out = new int[count()];
        int i = 0;
        for (Range r : ranges) {
            for (int s = r.from(); s <= r.to(); s++) {
                out[i++] = s;
            }
        }
        return out;
    }

    /** The slice as ids, the way {@link #parse} reads it back. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Range r : ranges) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(id(r.from()));
            if (r.to() != r.from()) {
                sb.append('-').append(id(r.to()));
            }
        }
        return sb.toString();
    }
}
