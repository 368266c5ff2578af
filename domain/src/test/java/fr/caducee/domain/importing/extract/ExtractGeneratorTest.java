package fr.caducee.domain.importing.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractGeneratorTest {

    /** Plain Luhn check, written independently of the generator's key computation. */
    static boolean luhnValid(String digits) {
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    static String generate(long seed, int lines, int invalid) throws IOException {
        StringWriter out = new StringWriter();
        new ExtractGenerator(seed).write(out, lines, invalid);
        return out.toString();
    }

    static List<ExtractEntry> readAll(String content) throws IOException {
        try (ExtractReader reader = new ExtractReader(new StringReader(content))) {
            List<ExtractEntry> entries = new java.util.ArrayList<>();
            reader.forEach(entries::add);
            return entries;
        }
    }

    @Test
    void computesLuhnKeys() {
        // The RPPS of the national example idNat 810000005479.
        assertThat(ExtractGenerator.withLuhnKey(1_000_000_547L, 10)).isEqualTo("10000005479");
        assertThat(ExtractGenerator.withLuhnKey(12L, 8)).isEqualTo("000000125");
        assertThat(luhnValid("000000125")).isTrue();
        for (long body = 0; body < 2_000; body += 7) {
            assertThat(luhnValid(ExtractGenerator.withLuhnKey(body * 1_234_567L, 13))).isTrue();
        }
        assertThat(luhnValid(ExtractGenerator.breakKey("10000005479"))).isFalse();
    }

    /** National size: read back with no rejection, expected mix, valid keys, unique addresses. */
    @Test
    void nationalSizeExtractReadsBackCleanly(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("extraction_correspondance_mssante.txt");
        ExtractGenerator.Summary summary = new ExtractGenerator(2026).write(file, ExtractGenerator.DEFAULT_LINES, 0);
        assertThat(summary.dataLines()).isEqualTo(536_000);
        assertThat(summary.defects()).isEmpty();

        Map<String, Integer> types = new HashMap<>();
        Map<String, Integer> professions = new HashMap<>();
        Map<String, String> professionLabels = new TreeMap<>();
        Set<String> addresses = new HashSet<>();
        int rejections = 0;
        int adeli = 0;
        long lastLine = 0;
        try (ExtractReader reader = ExtractReader.open(file)) {
            for (ExtractEntry entry : reader) {
                lastLine = entry.lineNumber();
                if (entry instanceof Rejection) {
                    rejections++;
                    continue;
                }
                ExtractLine line = ((ParsedLine) entry).line();
                types.merge(line.boxType(), 1, Integer::sum);
                assertThat(addresses.add(line.boxAddress())).as("unique %s", line.boxAddress()).isTrue();
                if (!line.professionCode().isEmpty()) {
                    professions.merge(line.professionCode(), 1, Integer::sum);
                    professionLabels.put(line.professionCode(), line.professionLabel());
                }
                checkIdentifiers(line);
                if (line.professionalIdType().equals("0")) {
                    adeli++;
                }
            }
        }

        assertThat(rejections).isZero();
        assertThat(lastLine).isEqualTo(536_001);
        double total = 536_000;
        assertThat(types.get("PER") / total).isCloseTo(0.70, within(0.01));
        assertThat(types.get("ORG") / total).isCloseTo(0.15, within(0.01));
        assertThat(types.get("APP") / total).isCloseTo(0.10, within(0.01));
        assertThat(types.get("CAB") / total).isCloseTo(0.05, within(0.01));
        assertThat(professionLabels).containsExactly(
                Map.entry("10", "Médecin"), Map.entry("21", "Pharmacien"), Map.entry("40", "Chirurgien-Dentiste"),
                Map.entry("50", "Sage-Femme"), Map.entry("60", "Infirmier"),
                Map.entry("70", "Masseur-Kinésithérapeute"));
        assertThat(professions.values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(types.get("PER") + types.get("CAB"));
        assertThat(professions.get("10")).isGreaterThan(professions.get("60")).isGreaterThan(professions.get("21"));
        assertThat(adeli).isPositive();
        assertThat(summary.boxTypes()).containsEntry("PER", (long) types.get("PER"));
    }

    private static void checkIdentifiers(ExtractLine line) {
        switch (line.boxType()) {
            case "PER":
            case "CAB":
                if (line.professionalIdType().equals("8")) {
                    assertThat(line.professionalId()).hasSize(11);
                } else {
                    assertThat(line.professionalIdType()).isEqualTo("0");
                    assertThat(line.professionalId()).hasSize(9);
                }
                assertThat(luhnValid(line.professionalId())).as(line.professionalId()).isTrue();
                assertThat(line.professionalNationalId()).isEqualTo(line.professionalIdType() + line.professionalId());
                assertThat(line.practiceLastName()).isNotEmpty();
                break;
            case "ORG":
            case "APP":
                assertThat(line.professionalId()).isEmpty();
                assertThat(line.structureId()).isNotEmpty();
                break;
            default:
                throw new AssertionError("unexpected box type " + line.boxType());
        }
        if (!line.structureId().isEmpty()) {
            String number = line.structureId().substring(1);
            assertThat(line.structureId()).startsWith(line.structureIdType());
            if (line.structureIdType().equals("1")) {
                assertThat(number).hasSize(9); // FINESS
            } else {
                assertThat(line.structureIdType()).isEqualTo("3");
                assertThat(number).hasSize(14); // SIRET
                assertThat(luhnValid(number.substring(0, 9))).as("SIREN of " + number).isTrue();
            }
            assertThat(luhnValid(number)).as(line.structureId()).isTrue();
            assertThat(line.postalCode()).hasSize(5);
            assertThat(line.country()).isEqualTo("FRANCE");
        }
        String domain = line.boxAddress().substring(line.boxAddress().indexOf('@') + 1);
        assertThat(domain).endsWith(".mssante.fr").matches("[a-z0-9.-]+");
    }

    @Test
    void isDeterministicForAGivenSeed() throws IOException {
        String first = generate(42, 20_000, 10);
        assertThat(generate(42, 20_000, 10)).isEqualTo(first);
        assertThat(generate(43, 20_000, 10)).isNotEqualTo(first);
        // The same generator writes the same thing twice.
        ExtractGenerator generator = new ExtractGenerator(42);
        StringWriter a = new StringWriter();
        StringWriter b = new StringWriter();
        generator.write(a, 5_000, 0);
        generator.write(b, 5_000, 0);
        assertThat(a.toString()).isEqualTo(b.toString());
    }

    @Test
    void defectsOnlyChangeTheLinesTheyAreIn() throws IOException {
        String[] clean = generate(7, 5_000, 0).split("\n", -1);
        StringWriter out = new StringWriter();
        ExtractGenerator.Summary summary = new ExtractGenerator(7).write(out, 5_000, 40);
        String[] broken = out.toString().split("\n", -1);

        assertThat(broken).hasSameSizeAs(clean);
        for (int i = 0; i < clean.length; i++) {
            boolean defective = summary.defects().containsKey(i + 1L);
            assertThat(broken[i].equals(clean[i])).as("line %d", i + 1).isEqualTo(!defective);
        }
    }

    @Test
    void deliberatelyInvalidLinesAreRejectedOrFailTheirKeyCheck() throws IOException {
        StringWriter out = new StringWriter();
        ExtractGenerator.Summary summary = new ExtractGenerator(11).write(out, 10_000, 50);
        SortedMap<Long, ExtractGenerator.Defect> defects = summary.defects();
        assertThat(defects).hasSize(50);
        assertThat(new HashSet<>(defects.values())).containsExactlyInAnyOrder(ExtractGenerator.Defect.values());

        SortedMap<Long, String> rejected = new TreeMap<>();
        Set<Long> badKeys = new HashSet<>();
        for (ExtractEntry entry : readAll(out.toString())) {
            if (entry instanceof Rejection) {
                rejected.put(entry.lineNumber(), ((Rejection) entry).reason());
            } else {
                ExtractLine line = ((ParsedLine) entry).line();
                boolean keysValid = (line.professionalId().isEmpty() || luhnValid(line.professionalId()))
                        && (line.structureId().isEmpty() || luhnValid(line.structureId().substring(1)));
                if (!keysValid) {
                    badKeys.add(entry.lineNumber());
                    // ADELI numbers have no key the directory verifies: a broken key must be elsewhere.
                    boolean verifiable = line.professionalIdType().equals("8") && !luhnValid(line.professionalId())
                            || !line.structureId().isEmpty() && !luhnValid(line.structureId().substring(1));
                    assertThat(verifiable).as("line %d breaks a verified key", entry.lineNumber()).isTrue();
                }
            }
        }

        defects.forEach((lineNumber, defect) -> {
            if (defect.structural()) {
                assertThat(rejected).containsKey(lineNumber);
            } else {
                assertThat(badKeys).contains(lineNumber);
            }
        });
        assertThat(rejected.size() + badKeys.size()).isEqualTo(50);
        assertThat(rejected.values()).anyMatch(r -> r.contains("30 columns"))
                .anyMatch(r -> r.contains("32 columns"))
                .anyMatch(r -> r.contains("empty box address"))
                .anyMatch(r -> r.contains("empty box type"));
    }

    @Test
    void refusesImpossibleCounts() {
        ExtractGenerator generator = new ExtractGenerator(1);
        assertThatThrownBy(() -> generator.write(new StringWriter(), 10, 11))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> generator.write(new StringWriter(), -1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyLineCanBeDefective() throws IOException {
        ExtractGenerator.Summary summary = new ExtractGenerator(3).write(new StringWriter(), 200, 200);
        assertThat(summary.defects()).hasSize(200);
    }

    @Test
    void commandLineWritesTheRequestedFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("out.txt");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int status = ExtractGenerator.run(new String[] {"--lines", "1000", "--seed", "5", "--invalid", "3", "--out",
            file.toString()}, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));

        assertThat(status).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("wrote 1000 lines (3 defective)");
        assertThat(Files.readString(file)).isEqualTo(generate(5, 1000, 3));
    }

    @Test
    void commandLineRefusesBadArguments() {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(ExtractGenerator.run(new String[] {"--lines", "10"}, out, err)).isEqualTo(2);
        assertThat(ExtractGenerator.run(new String[] {"--lines"}, out, err)).isEqualTo(2);
        assertThat(ExtractGenerator.run(new String[] {"--colour", "red", "--out", "x"}, out, err)).isEqualTo(2);
        assertThat(ExtractGenerator.run(new String[] {"--lines", "ten", "--out", "x"}, out, err)).isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("--out is required", "usage:");
    }
}
