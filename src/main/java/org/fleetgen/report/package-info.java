/**
 * Report stage: reads a loaded dataset's views (never its fact table) and writes one self-contained HTML
 * file of tables and charts. It sits beside {@code load}, after {@code postgres}: it only reads.
 */
package org.fleetgen.report;
