package dev.nativepack.core.resolve;

/**
 * One DT_NEEDED edge in load order. {@code provider} is null when the name could not be loaded;
 * {@code alreadyLoaded} says the name matched an object already in the namespace, so no search ran.
 */
public record Dependency(LoadedObject requester, String name, LoadedObject provider, boolean alreadyLoaded) {
}
