/** The CSV sink: the reference's 19-column CSV, byte for byte, to a file (optionally gzip) or a stream. */
package org.fleetgen.sink.csv;
