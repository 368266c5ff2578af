package fr.caducee.domain.importing.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractReaderTest {

    static final String HEADER = String.join("|", ExtractLine.HEADER);

    static final String DOCTOR = "PER|dupont.jean@medecin.mssante.fr|8|10000005479|810000005479|||||DUPONT|Jean|C|Civil"
            + "|10|Médecin|SM54|Médecine Générale|O|||||||||||||";
    static final String WARD = "ORG|cardiologie@chu-lyon.mssante.fr||||1|1690781810|Service de cardiologie"
            + "||||||||||O|CENTRE HOSPITALIER UNIVERSITAIRE DE LYON|CHU de Lyon|Bâtiment A||3||QUAI|des Célestins|"
            + "|69002 LYON|69002|69|FRANCE";

    static List<ExtractEntry> read(String content) throws IOException {
        return read(content.getBytes(StandardCharsets.UTF_8));
    }

    static List<ExtractEntry> read(byte[] content) throws IOException {
        try (ExtractReader reader = new ExtractReader(new ByteArrayInputStream(content))) {
            List<ExtractEntry> entries = new ArrayList<>();
            reader.forEach(entries::add);
            return entries;
        }
    }

    static Rejection rejection(ExtractEntry entry) {
        assertThat(entry).isInstanceOf(Rejection.class);
        return (Rejection) entry;
    }

    static ExtractLine parsed(ExtractEntry entry) {
        assertThat(entry).isInstanceOf(ParsedLine.class);
        return ((ParsedLine) entry).line();
    }

    @Test
    void headerConstantHasTheThirtyOneColumns() {
        assertThat(ExtractLine.HEADER).hasSize(ExtractLine.COLUMN_COUNT).doesNotHaveDuplicates();
        assertThat(ExtractLine.HEADER.get(0)).isEqualTo("Type de BAL");
        assertThat(ExtractLine.HEADER.get(30)).isEqualTo("Pays structure BAL");
    }

    @Test
    void readsWellFormedLines() throws IOException {
        List<ExtractEntry> entries = read(HEADER + "\n" + DOCTOR + "\n" + WARD + "\n");

        assertThat(entries).hasSize(2);
        ExtractLine doctor = parsed(entries.get(0));
        assertThat(entries.get(0).lineNumber()).isEqualTo(2);
        assertThat(doctor.boxType()).isEqualTo("PER");
        assertThat(doctor.boxAddress()).isEqualTo("dupont.jean@medecin.mssante.fr");
        assertThat(doctor.professionalIdType()).isEqualTo("8");
        assertThat(doctor.professionalId()).isEqualTo("10000005479");
        assertThat(doctor.professionalNationalId()).isEqualTo("810000005479");
        assertThat(doctor.practiceLastName()).isEqualTo("DUPONT");
        assertThat(doctor.professionCode()).isEqualTo("10");
        assertThat(doctor.professionLabel()).isEqualTo("Médecin");
        assertThat(doctor.specialtyLabel()).isEqualTo("Médecine Générale");
        assertThat(doctor.structureId()).isEmpty();
        assertThat(doctor.country()).isEmpty();

        ExtractLine ward = parsed(entries.get(1));
        assertThat(entries.get(1).lineNumber()).isEqualTo(3);
        assertThat(ward.structureIdType()).isEqualTo("1");
        assertThat(ward.structureId()).isEqualTo("1690781810");
        assertThat(ward.attachedService()).isEqualTo("Service de cardiologie");
        assertThat(ward.structureTradeName()).isEqualTo("CHU de Lyon");
        assertThat(ward.addressLocationComplement()).isEqualTo("Bâtiment A");
        assertThat(ward.streetType()).isEqualTo("QUAI");
        assertThat(ward.streetName()).isEqualTo("des Célestins");
        assertThat(ward.deliveryLine()).isEqualTo("69002 LYON");
        assertThat(ward.postalCode()).isEqualTo("69002");
        assertThat(ward.department()).isEqualTo("69");
        assertThat(ward.country()).isEqualTo("FRANCE");
        assertThat(ward.toLine()).isEqualTo(WARD);
        assertThat(ward.fields()).hasSize(31);
    }

    @Test
    void toleratesByteOrderMarkAndCrLf() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = (HEADER + "\r\n" + DOCTOR + "\r\n").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.write(bom);
        content.write(body);

        List<ExtractEntry> entries = read(content.toByteArray());

        assertThat(entries).hasSize(1);
        assertThat(parsed(entries.get(0)).country()).isEmpty();
        assertThat(parsed(entries.get(0)).boxType()).isEqualTo("PER");
    }

    @Test
    void toleratesCaseSpacesAndDecomposedAccentsInHeader() throws IOException {
        String header = Normalizer.normalize(HEADER.toUpperCase(java.util.Locale.ROOT), Normalizer.Form.NFD)
                .replace("|", " | ");
        assertThat(read(header + "\n" + DOCTOR + "\n")).hasSize(1);
    }

    @Test
    void toleratesASeparatorAtTheEndOfEveryLineWhenTheHeaderHasOne() throws IOException {
        List<ExtractEntry> entries = read(HEADER + "|\n" + DOCTOR + "|\n" + WARD + "|\n");
        assertThat(entries).hasSize(2).allMatch(e -> e instanceof ParsedLine);
        assertThat(parsed(entries.get(1)).country()).isEqualTo("FRANCE");
    }

    @Test
    void refusesAWrongHeader() {
        String missingColumn = HEADER.substring(0, HEADER.lastIndexOf('|'));
        assertThatThrownBy(() -> read(missingColumn + "\n" + DOCTOR + "\n"))
                .isInstanceOf(InvalidExtractException.class)
                .hasMessageContaining("header has 30 columns, expected 31");

        String renamed = HEADER.replace("Catégorie profession", "Categorie de profession");
        assertThatThrownBy(() -> read(renamed + "\n" + DOCTOR + "\n"))
                .isInstanceOf(InvalidExtractException.class)
                .hasMessageContaining("header column 12 is 'Categorie de profession', expected 'Catégorie profession'");

        assertThatThrownBy(() -> read(DOCTOR + "\n"))
                .isInstanceOf(InvalidExtractException.class)
                .hasMessageContaining("header column 1 is 'PER', expected 'Type de BAL'");
    }

    @Test
    void refusesAnEmptyFile() {
        assertThatThrownBy(() -> read("")).isInstanceOf(InvalidExtractException.class).hasMessageContaining("empty");
    }

    @Test
    void acceptsAFileWithAHeaderOnly() throws IOException {
        assertThat(read(HEADER + "\n")).isEmpty();
        assertThat(read(HEADER)).isEmpty();
    }

    @Test
    void rejectsLinesWithTheWrongColumnCountAndGoesOn() throws IOException {
        String shortLine = DOCTOR.substring(0, DOCTOR.lastIndexOf('|'));
        String longLine = DOCTOR + "|extra";
        List<ExtractEntry> entries = read(HEADER + "\n" + shortLine + "\n" + longLine + "\n" + WARD + "\n");

        assertThat(entries).hasSize(3);
        Rejection tooShort = rejection(entries.get(0));
        assertThat(tooShort.lineNumber()).isEqualTo(2);
        assertThat(tooShort.reason()).isEqualTo("line 2 has 30 columns instead of 31");
        assertThat(tooShort.rawLine()).isEqualTo(shortLine);
        assertThat(tooShort.truncated()).isFalse();
        assertThat(rejection(entries.get(1)).reason()).isEqualTo("line 3 has 32 columns instead of 31");
        assertThat(parsed(entries.get(2)).boxAddress()).isEqualTo("cardiologie@chu-lyon.mssante.fr");
    }

    @Test
    void rejectsEmptyBoxAddressOrType() throws IOException {
        String noAddress = DOCTOR.replace("dupont.jean@medecin.mssante.fr", "");
        String noType = DOCTOR.replaceFirst("^PER", "  ");
        List<ExtractEntry> entries = read(HEADER + "\n" + noAddress + "\n" + noType + "\n");

        assertThat(rejection(entries.get(0)).reason()).isEqualTo("line 2 has an empty box address (Adresse BAL)");
        assertThat(rejection(entries.get(1)).reason()).isEqualTo("line 3 has an empty box type (Type de BAL)");
    }

    @Test
    void detectsATruncatedLastLine() throws IOException {
        String cut = WARD.substring(0, WARD.indexOf("CENTRE HOSPITALIER") + 10);
        List<ExtractEntry> entries = read(HEADER + "\n" + DOCTOR + "\n" + cut);

        assertThat(entries).hasSize(2);
        Rejection truncated = rejection(entries.get(1));
        assertThat(truncated.lineNumber()).isEqualTo(3);
        assertThat(truncated.reason()).startsWith("line 3 is truncated").contains("19 of 31 columns");
        assertThat(truncated.rawLine()).isEqualTo(cut);
        assertThat(truncated.truncated()).isTrue();
    }

    @Test
    void acceptsACompleteLastLineWithoutFinalNewline() throws IOException {
        List<ExtractEntry> entries = read(HEADER + "\n" + DOCTOR + "\n" + WARD);
        assertThat(entries).hasSize(2).allMatch(e -> e instanceof ParsedLine);
    }

    @Test
    void aShortLineFollowedByANewlineIsAColumnCountProblemNotATruncation() throws IOException {
        String cut = WARD.substring(0, WARD.indexOf("CENTRE HOSPITALIER"));
        assertThat(rejection(read(HEADER + "\n" + cut + "\n").get(0)).reason()).contains("columns instead of 31");
    }

    @Test
    void rejectsEmptyLinesAndInvalidUtf8() throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.write((HEADER + "\n\n").getBytes(StandardCharsets.UTF_8));
        // "Médecin" in Latin-1 inside a UTF-8 file
        content.write(DOCTOR.replace("Médecin|", "M\u00e9decin|").getBytes(StandardCharsets.ISO_8859_1));
        content.write(("\n" + WARD + "\n").getBytes(StandardCharsets.UTF_8));

        List<ExtractEntry> entries = read(content.toByteArray());

        assertThat(entries).hasSize(3);
        assertThat(rejection(entries.get(0)).reason()).isEqualTo("line 2 is empty");
        assertThat(rejection(entries.get(1)).reason()).isEqualTo("line 3 is not valid UTF-8");
        assertThat(parsed(entries.get(2)).boxType()).isEqualTo("ORG");
    }

    @Test
    void rejectsAbsurdlyLongLinesWithoutKeepingThem() throws IOException {
        String huge = "x".repeat(ExtractReader.MAX_LINE_LENGTH * 3);
        List<ExtractEntry> entries = read(HEADER + "\n" + huge + "\n" + DOCTOR + "\n");

        Rejection tooLong = rejection(entries.get(0));
        assertThat(tooLong.reason()).startsWith("line 2 is longer than");
        assertThat(tooLong.rawLine()).hasSize(ExtractReader.MAX_LINE_LENGTH);
        assertThat(parsed(entries.get(1)).boxType()).isEqualTo("PER");
    }

    @Test
    void readsLinesSpanningTheInternalBuffer() throws IOException {
        StringBuilder content = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < 2_000; i++) {
            content.append(i % 2 == 0 ? DOCTOR : WARD).append('\n');
        }
        List<ExtractEntry> entries = read(content.toString());
        assertThat(entries).hasSize(2_000).allMatch(e -> e instanceof ParsedLine);
        assertThat(entries.get(1_999).lineNumber()).isEqualTo(2_001);
        assertThat(parsed(entries.get(1_999)).toLine()).isEqualTo(WARD);
    }

    @Test
    void opensAFileAndStreamsIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("extraction_correspondance_mssante.txt");
        Files.writeString(file, HEADER + "\n" + DOCTOR + "\n" + WARD + "\n", StandardCharsets.UTF_8);

        try (Stream<ExtractEntry> entries = ExtractReader.open(file).stream()) {
            assertThat(entries.map(e -> parsed(e).boxType()).collect(Collectors.toList()))
                    .containsExactly("PER", "ORG");
        }
    }

    @Test
    void canBeIteratedOnlyOnce() throws IOException {
        try (ExtractReader reader = new ExtractReader(
                new ByteArrayInputStream((HEADER + "\n").getBytes(StandardCharsets.UTF_8)))) {
            reader.iterator();
            assertThatThrownBy(reader::iterator).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void openRefusesAFileWithAWrongHeader(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.txt");
        Files.writeString(file, "not|a|header\n");
        assertThatThrownBy(() -> ExtractReader.open(file))
                .isInstanceOf(InvalidExtractException.class)
                .hasMessageContaining("header has 3 columns");
    }
}
