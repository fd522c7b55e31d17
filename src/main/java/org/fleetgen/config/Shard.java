package org.fleetgen.config;

import java.util.List;

/**
 * One process's share of a dataset, {@code index/count} with 0 <= index < count: of a list of equal work
 * units in plan order (partitions for a load, servers for an export), the contiguous run
 * {@code [floor(index * n / count), floor((index + 1) * n / count))}. Runs differ in length by at most
 * one unit, so shards are balanced by rows; shard outputs concatenated in index order are the whole.
 */
public record Shard(int index, int count) {
    public static final String FIELD = "shard";
    public static final Shard WHOLE = new Shard(0, 1);
    /** More shards than this is a typo, not a deployment. */
    public static final int MAX_COUNT = 100_000;

    public Shard {
        if (count < 1 || count > MAX_COUNT || index < 0 || index >= count) {
            throw new ConfigException(FIELD, index + "/" + count, "must be I/N with 0 <= I < N <= " + MAX_COUNT);
        }
    }

    /** Parses {@code I/N}, as Kubernetes' completion index and a completion count give it. */
    public static Shard parse(String field, String text) {
        String t = text == null ? "" : text.strip();
        int slash = t.indexOf('/');
        if (slash <= 0 || slash == t.length() - 1 || !t.substring(0, slash).chars().allMatch(Character::isDigit)
                || !t.substring(slash + 1).chars().allMatch(Character::isDigit) || t.length() > 13) {
            throw new ConfigException(field, text, "must be I/N with 0 <= I < N <= " + MAX_COUNT + " (shard I of N, from 0)");
        }
        try {
            return new Shard(Integer.parseInt(t.substring(0, slash)), Integer.parseInt(t.substring(slash + 1)));
        } catch (ConfigException e) {
            throw new ConfigException(field, text, e.reason(), e);
        }
    }

    public boolean whole() {
        return count == 1;
    }

    /** This shard's run of {@code units}. */
    public <T> List<T> of(List<T> units) {
        int n = units.size();
        return units.subList((int) ((long) index * n / count), (int) ((long) (index + 1) * n / count));
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
