package dev.nativepack.elf.edit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Placement of strings in a string table, byte by byte, on small hand-made tables. */
class StringTableTest {
    /** "\0libc.so.6\0/old/rpath\0puts\0" */
    static byte[] table() {
        return "\0libc.so.6\0/old/rpath\0puts\0".getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static String text(StringTable t) {
        return new String(t.bytes(), StandardCharsets.US_ASCII).replace('\0', '|');
    }

    @Test
    void releasedString_becomesFreeSpace_andShorterValuesGoWhereItWas() {
        StringTable t = new StringTable(table());
        t.protect(0);
        t.protect(1);
        t.protect(22);
        t.release(11);
        assertThat(text(t)).isEqualTo("|libc.so.6||||||||||||puts|");
        assertThat(t.fit(b("$ORIGIN"), 11)).isEqualTo(11);
        assertThat(text(t)).isEqualTo("|libc.so.6|$ORIGIN||||puts|");
        assertThat(t.grownBy()).isZero();
    }

    @Test
    void bytesReadByAMergedTail_stayProtected() {
        StringTable t = new StringTable(table());
        t.protect(0);
        t.protect(1);
        t.protect(22);
        // A second reference points at "rpath" inside "/old/rpath".
        t.protect(16);
        t.release(11);
        assertThat(text(t)).isEqualTo("|libc.so.6|     rpath|puts|".replace(' ', '|'));
        // A value ending in the shared tail goes right-aligned onto it.
        assertThat(t.fit(b("/a/rpath"), 11)).isEqualTo(13);
        assertThat(text(t)).isEqualTo("|libc.so.6|||/a/rpath|puts|");
        // Nothing else fits now.
        assertThat(t.fit(b("xyz"), 11)).isEqualTo(-1);
    }

    @Test
    void existingTails_areFound() {
        StringTable t = new StringTable(table());
        assertThat(t.findExisting(b("c.so.6"))).isEqualTo(4);
        assertThat(t.findExisting(b("libc.so.6"))).isEqualTo(1);
        assertThat(t.findExisting(b("libc"))).isEqualTo(-1);
        assertThat(t.findExisting(b("uts"))).isEqualTo(23);
    }

    @Test
    void appendedStrings_growTheTable() {
        StringTable t = new StringTable(table());
        t.protectAll();
        assertThat(t.fit(b("new"))).isEqualTo(-1);
        int at = t.append(b("new"));
        assertThat(at).isEqualTo(table().length);
        assertThat(t.grownBy()).isEqualTo(4);
        t.padTo(40);
        assertThat(t.size()).isEqualTo(40);
        assertThat(text(t)).startsWith("|libc.so.6|/old/rpath|puts|new|");
    }

    @Test
    void elfHash_matchesTheSysVDefinition() {
        // As objdump -p prints them for Debian's gdalinfo (Version References) and libz (Version definitions).
        assertThat(EditEngine.elfHash(b("GLIBC_2.2.5"))).isEqualTo(0x09691a75L);
        assertThat(EditEngine.elfHash(b("GLIBC_2.34"))).isEqualTo(0x069691b4L);
        assertThat(EditEngine.elfHash(b("libz.so.1"))).isEqualTo(0x09d5f4e1L);
    }
}
