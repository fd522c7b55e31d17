package org.fleetgen.report;

import java.util.List;
import java.util.Map;
import org.fleetgen.config.RiskThresholds;
import org.fleetgen.load.FidelityReport;
import org.fleetgen.postgres.DatasetManifest;

/**
 * Everything a report shows, read from one schema: the manifest, the fleet (the server table, one row
 * per server), each aggregate view, the risk thresholds in force and the fidelity checks.
 *
 * @param schema  the schema read, shown in the title
 * @param views   view name to its rows, for every view of {@link ReportReader#VIEWS}
 */
public record ReportData(String schema, DatasetManifest manifest, ViewTable fleet, Map<String, ViewTable> views,
                         RiskThresholds risk, List<FidelityReport.Check> fidelity) {
    public ReportData {
        views = Map.copyOf(views);
        fidelity = List.copyOf(fidelity);
    }

    public ViewTable view(String name) {
        ViewTable t = views.get(name);
        if (t == null) {
            throw new IllegalArgumentException("the report read no view " + name);
        }
        return t;
    }

    public boolean hourly() {
        return "hourly".equals(manifest.granularity());
    }
}
