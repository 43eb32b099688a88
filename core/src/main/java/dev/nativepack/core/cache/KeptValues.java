package dev.nativepack.core.cache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Many small values kept under one {@link FileCache} entry: read with one file when first asked,
 * written once by {@link #save} when something was added. An audit asks about every library of a
 * closure (a hundred for gdalinfo); a file, a read and a time update for each cost a fresh JVM more
 * than the answers. Safe for several threads.
 */
public final class KeptValues {
    private final FileCache cache;
    private final String key;
    private final int maxValues;
    private final Map<String, byte[]> values = new ConcurrentHashMap<>();
    /** The names asked for or added in this run: what stays when the values outgrow their limit. */
    private final Set<String> used = ConcurrentHashMap.newKeySet();
    private volatile boolean loaded;
    private volatile boolean changed;

    /**
     * @param key       the cache entry's key (with whatever makes every value stale when it changes)
     * @param maxValues beyond this, {@link #save} keeps only the values used in this run
     */
    public KeptValues(FileCache cache, String key, int maxValues) {
        this.cache = cache;
        this.key = key;
        this.maxValues = maxValues;
    }

    /** The value kept under {@code name}, or null. */
    public byte[] get(String name) {
        load();
        byte[] value = values.get(name);
        if (value != null) {
            used.add(name);
        }
        return value;
    }

    public void put(String name, byte[] value) {
        load();
        used.add(name);
        byte[] old = values.put(name, value);
        if (old == null || !java.util.Arrays.equals(old, value)) {
            changed = true;
        }
    }

    /** Writes the values when any was added or changed; returns whether it wrote. */
    public boolean save() {
        if (!changed) {
            return false;
        }
        changed = false;
        List<byte[]> parts = new ArrayList<>();
        boolean all = values.size() <= maxValues;
        for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(values).entrySet()) {
            if (all || used.contains(e.getKey())) {
                parts.add(e.getKey().getBytes(StandardCharsets.UTF_8));
                parts.add(e.getValue());
            }
        }
        return cache.put(key, parts.toArray(new byte[0][]));
    }

    /** Reads the entry now (once); {@link #get} and {@link #put} do it when it was not. */
    public void load() {
        if (loaded) {
            return;
        }
        synchronized (this) {
            if (loaded) {
                return;
            }
            byte[][] parts = cache.get(key);
            if (parts != null && parts.length % 2 == 0) {
                for (int i = 0; i < parts.length; i += 2) {
                    values.put(new String(parts[i], StandardCharsets.UTF_8), parts[i + 1]);
                }
            }
            loaded = true;
        }
    }
}
