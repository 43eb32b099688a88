package dev.nativepack.core.runtimedata;

/**
 * A path dpkg or a file's strings name, before it is matched with the table's needs.
 *
 * @param path      as the package or the file names it
 * @param canonical links resolved inside the build root
 * @param evidence  who names it
 * @param file      the file it was found for
 */
record Candidate(String path, String canonical, Evidence evidence, ObjectFile file) {
}
