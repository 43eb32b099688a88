package dev.nativepack.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nativepack.core.target.Target;
import dev.nativepack.core.target.TargetCatalog;
import dev.nativepack.testing.Toolchain;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Will my provided.al2 function still work on provided.al2023?": a deployment zip whose bootstrap
 * relies on the system's OpenSSL 1.0 (libcrypto.so.10, on Amazon Linux 2 only), audited against
 * both built-in targets.
 */
class MigrationAuditTest {
    @TempDir
    Path dir;

    @Test
    void aFunctionRelyingOnOpenSsl10WorksOnAl2AndIsToldWhatToDoOnAl2023() throws Exception {
        // A stand-in with the real soname, used to link and then left out of the package as on Lambda.
        Path crypto = Toolchain.NATIVE.sharedLibrary(dir.resolve("stub/libcrypto.so.10"), "EVP_stub", 1,
                "-Wl,-soname,libcrypto.so.10");
        Path bootstrap = Toolchain.NATIVE.compile(dir.resolve("bootstrap"),
                "int EVP_stub(void); int main(void) { return EVP_stub(); }\n", crypto.toString());
        Path zip = TestZips.write(dir.resolve("function.zip"), Map.of("bootstrap", bootstrap));

        List<Finding> onAl2 = audit("aws-lambda/provided.al2/x86_64", zip);
        List<Finding> onAl2023 = audit("aws-lambda/provided.al2023/x86_64", zip);

        assertThat(onAl2).noneMatch(f -> "libcrypto.so.10".equals(f.subject()));
        assertThat(onAl2023).filteredOn(f -> "libcrypto.so.10".equals(f.subject())).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(Rule.MISSING_LIBRARY);
            assertThat(f.file()).isEqualTo(zip + "!/bootstrap");
            assertThat(f.fix()).contains("OpenSSL 1.0").contains("it has libcrypto.so.3");
        });
    }

    @Test
    void libcryptAndOpenSsl11AreNamedWithWhatTheTargetHasInstead() throws Exception {
        // Debian 12's libcrypt.so.1 is real; OpenSSL 1.1 is gone from it, so a stand-in has its soname.
        Path ssl = Toolchain.NATIVE.sharedLibrary(dir.resolve("stub/libssl.so.1.1"), "SSL_stub", 1,
                "-Wl,-soname,libssl.so.1.1");
        Path prog = Toolchain.NATIVE.compile(dir.resolve("legacy"),
                "#include <crypt.h>\nint SSL_stub(void);\n"
                        + "int main(void) { return crypt(\"pw\", \"$6$salt\") == 0 ? SSL_stub() : 0; }\n",
                "-lcrypt", ssl.toString());

        List<Finding> findings = audit("aws-lambda/provided.al2023/x86_64", prog);

        assertThat(findings).filteredOn(f -> "libcrypt.so.1".equals(f.subject())).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(Rule.BUNDLE_REQUIRED);
            assertThat(f.fix()).contains("libxcrypt's compatibility package").contains("aws-lambda/provided.al2023");
        });
        assertThat(findings).filteredOn(f -> "libssl.so.1.1".equals(f.subject())).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(Rule.MISSING_LIBRARY);
            assertThat(f.fix()).contains("OpenSSL 1.1").contains("it has libssl.so.3");
        });
    }

    private static List<Finding> audit(String id, Path input) throws Exception {
        Target target = TargetCatalog.builtIn().find(id);
        return new Auditor(target, Path.of("/")).audit(List.of(input.toString())).findings();
    }
}
