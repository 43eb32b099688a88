package dev.nativepack.cli;

import dev.nativepack.elf.MalformedElfException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Turns a problem with an input file into the one line a user sees: {@code nativepack: FILE: PROBLEM}. */
final class InputErrors {
    private InputErrors() {
    }

    /** {@code file} names the input as the user gave it; a problem in another file (a library) names that one. */
    static void report(PrintStream err, String file, Exception problem) {
        if (problem instanceof UncheckedIOException unchecked) {
            // A page read after the file was opened: it vanished or cannot be read any more.
            problem = unchecked.getCause();
        }
        String named = file;
        if (problem instanceof MalformedElfException e && e.file() != null) {
            named = e.file().toString();
        } else if (problem instanceof FileSystemException e && e.getFile() != null) {
            named = e.getFile();
        }
        err.println("nativepack: " + named + ": " + describe(named, problem));
    }

    static String describe(String file, Exception problem) {
        if (problem instanceof MalformedElfException e) {
            String where = e.offset() >= 0 ? " at offset 0x" + Long.toHexString(e.offset()) : "";
            return e.problem() + " (" + e.field() + where + ")";
        }
        if (problem instanceof NoSuchFileException) {
            return "no such file";
        }
        if (problem instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (problem instanceof NotDirectoryException) {
            return "a part of the path is not a directory";
        }
        if (problem instanceof FileSystemException e && e.getReason() != null) {
            return e.getReason();
        }
        String message = problem.getMessage();
        if (message == null) {
            return problem.getClass().getSimpleName();
        }
        // Some messages repeat the path; the line already starts with it.
        String prefix = file + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}
