/**
 * Stage 1, the command line: the only package that parses arguments, prints, and picks exit codes
 * (0 success, 1 runtime failure, 2 bad input). It wires the stages together and is imported by nothing.
 */
package org.fleetgen.cli;
