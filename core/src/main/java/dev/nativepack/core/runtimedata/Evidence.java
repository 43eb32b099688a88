package dev.nativepack.core.runtimedata;

/**
 * One reason to believe a library needs a path.
 *
 * @param source where it came from
 * @param detail what exactly: the package that installs it ({@code gdal-data}), the table entry
 *               ({@code GDAL}), or the file and string ({@code libproj.so.25: /usr/share/proj})
 */
public record Evidence(NeedSource source, String detail) {
    @Override
    public String toString() {
        return source.label() + ": " + detail;
    }
}
