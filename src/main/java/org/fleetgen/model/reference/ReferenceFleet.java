package org.fleetgen.model.reference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.fleetgen.config.ConfigException;
import org.fleetgen.config.FleetDistribution;
import org.fleetgen.config.GenerationConfig;
import org.fleetgen.fleet.ArchetypeProfile;
import org.fleetgen.fleet.Fleet;
import org.fleetgen.fleet.Server;
import org.fleetgen.fleet.ServerMetadata;
import org.fleetgen.stats.Mt19937;
import org.fleetgen.stats.PythonStrHash;

/**
 * Which server gets which archetype, and each server's seed and metadata (docs/model.md §4, §5, §9).
 *
 * <p>Archetypes get consecutive blocks of ids in distribution order, each {@code (int) (n * share)}
 * servers: a double multiplication then truncation, so 180 × 0.35 = 62.99… gives 62 web servers as in
 * the reference. Servers left over go after the last block, to the archetype with the largest share
 * (the first one on a tie). Servers are built on demand, so a plan of a million servers stays small.
 */
final class ReferenceFleet implements Fleet {
    private static final String[] BUSINESS_UNITS = {"Trading", "Retail", "Compliance", "IT"};
    private static final String[] CRITICALITIES = {"High", "Medium", "Low"};
    private static final String[] REGIONS = {"US-East", "US-West", "EU", "Asia"};
    /** The reference draws metadata from numpy's global RNG reseeded with 42, whatever the metric seed. */
    private static final long METADATA_SEED = 42;

    private final int size;
    private final List<ArchetypeProfile> blockProfiles = new ArrayList<>();
    private final List<Integer> blockEnds = new ArrayList<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final PythonStrHash hash;
    private final byte[] businessUnit;
    private final byte[] criticality;
    private final byte[] region;

    ReferenceFleet(GenerationConfig config) {
        this.size = config.servers();
        this.hash = new PythonStrHash(config.seed());
        ArchetypeCatalogue catalogue = new ArchetypeCatalogue(config.archetypeOverrides());
        Set<String> seen = new HashSet<>();
        int next = 0;
        ArchetypeProfile largest = null;
        double largestShare = -1;
        for (FleetDistribution.Share share : config.distribution().shares()) {
            String key = catalogue.canonicalKey(FleetDistribution.FIELD + "." + share.archetype(), share.archetype());
            if (!seen.add(key)) {
                throw new ConfigException(FleetDistribution.FIELD, config.distribution(), "names archetype '" + key + "' twice");
            }
            ArchetypeProfile profile = catalogue.profile(key);
            int count = (int) (size * share.proportion());
            if (count > 0) {
                next += count;
                blockProfiles.add(profile);
                blockEnds.add(next);
            }
            counts.merge(key, count, Integer::sum);
            if (share.proportion() > largestShare) {
                largestShare = share.proportion();
                largest = profile;
            }
        }
        if (next < size) {
            blockProfiles.add(largest);
            blockEnds.add(size);
            counts.merge(largest.key(), size - next, Integer::sum);
        }
        Mt19937 rng = new Mt19937(METADATA_SEED);
        businessUnit = draw(rng, BUSINESS_UNITS.length);
        criticality = draw(rng, CRITICALITIES.length);
        region = draw(rng, REGIONS.length);
    }

    private byte[] draw(Mt19937 rng, int options) {
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = (byte) rng.nextBoundedInt(options);
        }
        return out;
    }

    @Override
    public int size() {
        return size;
    }

    /** Servers per archetype key, in distribution order (archetypes with no server included, with 0). */
    @Override
    public Map<String, Integer> counts() {
        return Collections.unmodifiableMap(counts);
    }

    static String serverId(int index) {
        return index < 1000 ? String.format(Locale.ROOT, "server_%03d", index) : "server_" + index;
    }

    ArchetypeProfile profileOf(int index) {
        for (int b = 0; b < blockEnds.size(); b++) {
            if (index < blockEnds.get(b)) {
                return blockProfiles.get(b);
            }
        }
        throw new IndexOutOfBoundsException("server index " + index + " outside fleet of " + size);
    }

    /** The distinct profiles in use, in block order. */
    @Override
    public List<ArchetypeProfile> profiles() {
        List<ArchetypeProfile> out = new ArrayList<>();
        for (ArchetypeProfile p : blockProfiles) {
            if (!out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    @Override
    public Server server(int index) {
        ArchetypeProfile profile = profileOf(index);
        String id = serverId(index);
        String app = index < 1000 ? String.format(Locale.ROOT, "app_%03d", index) : "app_" + index;
        ServerMetadata metadata = new ServerMetadata(app, BUSINESS_UNITS[businessUnit[index]],
                CRITICALITIES[criticality[index]], REGIONS[region[index]]);
        return new Server(index, id, profile, hash.hashMod2To32(id), metadata);
    }
}
