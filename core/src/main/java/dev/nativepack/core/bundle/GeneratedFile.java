package dev.nativepack.core.bundle;

/**
 * A file nativepack writes into a bundle rather than copies: the bootstrap wrapper, the environment
 * file, a plugin registry rewritten for the bundle.
 *
 * @param path       inside the bundle
 * @param bytes      its content, which depends on nothing but the plan
 * @param executable unix mode 0755 rather than 0644
 * @param reason     why it is there, for the manifest
 */
public record GeneratedFile(String path, byte[] bytes, boolean executable, String reason) {
}
