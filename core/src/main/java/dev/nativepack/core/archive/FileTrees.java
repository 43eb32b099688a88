package dev.nativepack.core.archive;

import java.nio.file.Path;

/** Removing scratch trees (unpacked archives, temporary outputs), for every part of nativepack. */
public final class FileTrees {
    private FileTrees() {
    }

    /** Deletes a file or a tree without following symbolic links; what cannot be deleted is left (null: nothing). */
    public static void delete(Path path) {
        if (path == null) {
            return;
        }
        OutputFiles.deleteTree(path);
    }
}
