package dev.nativepack.core.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Finding targets by id, whole or shortened, and reading target files. */
class TargetCatalogTest {
    private final TargetCatalog catalog = TargetCatalog.builtIn();

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "aws-lambda/provided.al2023/x86_64, aws-lambda/provided.al2023/x86_64",
        "aws-lambda/provided.al2023/arm64,  aws-lambda/provided.al2023/arm64",
        "aws-lambda/provided.al2023,        aws-lambda/provided.al2023/x86_64",
        "provided.al2023/arm64,             aws-lambda/provided.al2023/arm64",
        "provided.al2,                      aws-lambda/provided.al2/x86_64",
        "python3.12/arm64,                  aws-lambda/python3.12/arm64",
        "google-22,                         gcp/google-22/x86_64",
        "gcp/google-22-full,                gcp/google-22-full/x86_64",
        "azure/debian12/x86_64,             azure/debian12/x86_64",
    })
    void testFind_wholeAndShortenedIds(String spec, String id) throws Exception {
        assertThat(catalog.find(spec).id()).isEqualTo(id);
    }

    @ParameterizedTest
    @CsvSource({
        "provided.al2023/aarch64,            aws-lambda/provided.al2023/arm64",
        "aws-lambda/nodejs22.x/aarch64,      aws-lambda/nodejs22.x/arm64",
        "provided.al2/amd64,                 aws-lambda/provided.al2/x86_64",
        "aws-lambda/java21/amd64,            aws-lambda/java21/x86_64",
    })
    void testFind_architectureAliases(String spec, String id) throws Exception {
        assertThat(catalog.find(spec).id()).isEqualTo(id);
    }

    @Test
    void testFind_unknownNameListsTheClosestIdsOnOneLine() {
        assertThatThrownBy(() -> catalog.find("provided.al2024"))
                .isInstanceOfSatisfying(UnknownTargetException.class, e -> {
                    assertThat(e.getMessage()).doesNotContain("\n").startsWith("unknown target \"provided.al2024\"")
                            .contains("closest: aws-lambda/provided.al2023/x86_64");
                    assertThat(e.spec()).isEqualTo("provided.al2024");
                    assertThat(e.closest()).hasSize(3).first().asString().startsWith("aws-lambda/provided.al2023/");
                });
    }

    @Test
    void testFind_unknownArchitectureSuggestsTheRuntime() {
        assertThatThrownBy(() -> catalog.find("aws-lambda/provided.al2023/riscv64"))
                .isInstanceOfSatisfying(UnknownTargetException.class,
                        e -> assertThat(e.closest()).allSatisfy(id -> assertThat(id).startsWith("aws-lambda/provided.al2")));
    }

    @Test
    void testResolve_runtimeOnTwoPlatformsIsAmbiguous() {
        TargetIds ids = new TargetIds(List.of("one/shared/x86_64", "two/shared/x86_64", "two/other/arm64"));

        assertThatThrownBy(() -> ids.resolve("shared")).isInstanceOf(UnknownTargetException.class)
                .hasMessage("ambiguous target \"shared\": it matches one/shared/x86_64, two/shared/x86_64;"
                        + " name the platform too");
        assertThatThrownBy(() -> ids.resolve("other"))
                .hasMessageStartingWith("unknown target \"other\"; closest: two/other/arm64");
    }

    @Test
    void testLevenshtein_countsEdits() {
        assertThat(TargetIds.levenshtein("provided.al2024", "provided.al2023")).isEqualTo(1);
        assertThat(TargetIds.levenshtein("", "abc")).isEqualTo(3);
        assertThat(TargetIds.levenshtein("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void testAll_parsesEveryIdInDisplayOrder() {
        List<Target> all = catalog.all();

        assertThat(all).extracting(Target::id).containsExactlyElementsOf(catalog.ids());
        assertThat(catalog.ids()).startsWith("aws-lambda/provided.al2023/x86_64", "aws-lambda/provided.al2023/arm64")
                .contains("aws-lambda/python3.13/arm64", "aws-lambda/java11/x86_64", "gcp/google-22-full/x86_64",
                        "azure/debian11/x86_64");
        assertThat(TargetCatalog.builtIn()).isSameAs(catalog);
    }

    @Test
    void testFind_readsATargetFile() throws Exception {
        String json = Files.readString(TargetDataTest.BUILT_IN.resolve("gcp/google-22/x86_64.json"))
                .replace("\"gcp/google-22/x86_64\"", "\"mine/captured/x86_64\"");
        Path withSuffix = Files.writeString(dir.resolve("mine.json"), json);
        Path withoutSuffix = Files.writeString(dir.resolve("captured-target"), json);

        assertThat(catalog.find(withSuffix.toString()).id()).isEqualTo("mine/captured/x86_64");
        assertThat(catalog.find(withoutSuffix.toString()).id()).isEqualTo("mine/captured/x86_64");
    }

    @Test
    void testFind_malformedFileNamesFileAndField() throws IOException {
        String json = Files.readString(TargetDataTest.BUILT_IN.resolve("gcp/google-22/x86_64.json"))
                .replace("\"interpreter\" :", "\"interpretor\" :");
        Path file = Files.writeString(dir.resolve("broken.json"), json);

        assertThatThrownBy(() -> catalog.find(file.toString())).isInstanceOf(TargetFormatException.class)
                .hasMessage(file + ": field \"loader.interpreter\" is missing");
    }

    @Test
    void testFind_invalidJsonNamesFileAndLine() throws IOException {
        Path file = Files.writeString(dir.resolve("truncated.json"), "{\n  \"schema\" : 1,\n  \"id\" : ");

        assertThatThrownBy(() -> catalog.find(file.toString())).isInstanceOf(TargetFormatException.class)
                .hasMessageStartingWith(file + ": not valid JSON at line 3").hasMessageNotContaining("\n");
    }

    @Test
    void testFind_missingJsonFileIsAnIoErrorNamingIt() {
        Path file = dir.resolve("absent.json");

        assertThatThrownBy(() -> catalog.find(file.toString())).isInstanceOfSatisfying(NoSuchFileException.class,
                e -> assertThat(e.getFile()).isEqualTo(file.toString()));
    }
}
