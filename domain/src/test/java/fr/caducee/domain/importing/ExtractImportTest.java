package fr.caducee.domain.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.domain.directory.store.DirectoryRefusal;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.domain.directory.store.InMemoryDirectoryStore;
import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Siret;
import fr.caducee.domain.importing.extract.ExtractGenerator;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;

class ExtractImportTest {

    static final IdNat REFERENT = IdNat.parse("0751234567");
    static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");
    static final IdNat DOCTOR = IdNat.parse("810000005479");
    static final IdNat PHARMACIST = IdNat.parse("810000005487");
    static final BoxAddress DOCTOR_BOX = BoxAddress.parse("dupont.jean@medecin.mssante.fr");
    static final BoxAddress PHARMACIST_BOX = BoxAddress.parse("martin.claire@pharmacien.mssante.fr");
    static final BoxAddress WARD_BOX = BoxAddress.parse("cardiologie@chu-lyon.mssante.fr");
    static final Siret PHARMACY = Siret.parse("73282932000074");
    static final Finess CHU = Finess.parse("690781810");

    final InMemoryDirectoryStore store = new InMemoryDirectoryStore();
    @TempDir
    Path dir;

    @BeforeEach
    void referent() {
        store.putProfessional(new Professional(REFERENT, "DR", "REFERENT", "Anne", "10", "Médecin", "", ""));
    }

    ImportOptions options() {
        return ImportOptions.defaults().withDefaultOrgResponsible(REFERENT)
                .withClock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    ImportReport run(Path file) throws Exception {
        return run(file, options());
    }

    ImportReport run(Path file, ImportOptions options) throws Exception {
        return new ExtractImport(store, options).run(file);
    }

    Path file(String... lines) throws IOException {
        return Lines.file(dir, "extract.txt", List.of(lines));
    }

    static Map<Long, String> reasons(ImportReport report) {
        return report.rejections().stream()
                .collect(Collectors.toMap(ImportRejection::line, ImportRejection::reason));
    }

    @Test
    void aGeneratedExtractImportsFullyAndASecondImportChangesNothing() throws Exception {
        Path file = dir.resolve("extraction_correspondance_mssante.txt");
        ExtractGenerator.Summary summary = new ExtractGenerator(2026).write(file, 10_000, 0);

        ImportReport first = run(file);

        assertThat(first.rejections()).isEmpty();
        assertThat(first.read()).isEqualTo(10_000);
        assertThat(first.applied()).isEqualTo(10_000);
        assertThat(first.boxes()).isEqualTo(new ImportReport.Counts(10_000, 0, 0));
        long holders = summary.boxTypes().get("PER") + summary.boxTypes().get("CAB");
        assertThat(first.professionals()).isEqualTo(new ImportReport.Counts(holders, 0, 0));
        assertThat(first.structures().added()).isPositive().isEqualTo(store.structureCount());
        assertThat(store.countBoxes()).isEqualTo(10_000);
        assertThat(store.professionalCount()).isEqualTo(holders + 1);
        assertThat(store.calls("putProfessional")).isEqualTo(holders + 1);
        assertThat(store.calls("putStructure")).isEqualTo(store.structureCount());
        Box org = store.boxes(Optional.empty(), 10_000).stream().filter(b -> b.type() == BoxType.ORG).findFirst()
                .orElseThrow();
        assertThat(org.responsible()).contains(REFERENT);
        assertThat(org.created()).isEqualTo(NOW);
        assertThat(org.isActive()).isTrue();
        assertThat(org.listeRouge()).isFalse();

        long writes = store.writes();
        ImportReport second = run(file);

        assertThat(second.rejections()).isEmpty();
        assertThat(second.applied()).isEqualTo(10_000);
        assertThat(second.boxes()).isEqualTo(new ImportReport.Counts(0, 0, 10_000));
        assertThat(second.professionals()).isEqualTo(new ImportReport.Counts(0, 0, holders));
        assertThat(second.structures()).isEqualTo(new ImportReport.Counts(0, 0, first.structures().added()));
        assertThat(store.writes()).isEqualTo(writes);
    }

    @Test
    void eachDefectOfTheGeneratorIsRejectedWithAPreciseReason() throws Exception {
        // Under 10,000 lines: beyond, the generator reuses ADELI numbers for other people, rightly rejected too.
        Path file = dir.resolve("defective.txt");
        ExtractGenerator.Summary summary = new ExtractGenerator(11).write(file, 9_999, 1_500);

        ImportReport report = run(file);

        assertThat(report.rejected()).isEqualTo(1_500);
        assertThat(report.applied()).isEqualTo(8_499);
        Map<Long, String> reasons = reasons(report);
        assertThat(reasons.keySet()).isEqualTo(summary.defects().keySet());
        summary.defects().forEach((line, defect) -> {
            String reason = reasons.get(line);
            switch (defect) {
                case MISSING_COLUMN -> assertThat(reason).isEqualTo("line " + line + " has 30 columns instead of 31");
                case EXTRA_COLUMN -> assertThat(reason).isEqualTo("line " + line + " has 32 columns instead of 31");
                case EMPTY_BOX_ADDRESS -> assertThat(reason)
                        .isEqualTo("line " + line + " has an empty box address (Adresse BAL)");
                case EMPTY_BOX_TYPE -> assertThat(reason)
                        .isEqualTo("line " + line + " has an empty box type (Type de BAL)");
                case INVALID_KEY -> assertThat(reason).matches("line " + line + ": (Identification nationale PP"
                        + " '8\\d{11}' is invalid: RPPS \\d{11}|Identification Structure '\\d+' is invalid:"
                        + " (FINESS|SIRET) '\\d+') fails the Luhn check \\(last digit should be \\d, found \\d\\)");
                default -> throw new AssertionError(defect);
            }
        });
        assertThat(summary.defects().values()).containsAll(Set.of(ExtractGenerator.Defect.values()));
        // ADELI numbers have no verified key: the generator breaks an RPPS instead on lines with nothing else.
        List<String> clean = List.of(generate(11, 9_999).split("\n"));
        assertThat(summary.defects().entrySet()).filteredOn(e -> e.getValue() == ExtractGenerator.Defect.INVALID_KEY)
                .filteredOn(e -> adeliOnly(clean.get((int) (e.getKey() - 1)))).isNotEmpty();
    }

    static String generate(long seed, int lines) throws IOException {
        StringWriter out = new StringWriter();
        new ExtractGenerator(seed).write(out, lines, 0);
        return out.toString();
    }

    static boolean adeliOnly(String line) {
        String[] fields = line.split("\\|", -1);
        return fields[2].equals("0") && fields[6].isEmpty();
    }

    @Test
    void withoutADefaultResponsibleAnOrgLineNamingNoProfessionalIsRejected() throws Exception {
        Path file = file(Lines.DOCTOR, Lines.WARD);

        ImportReport report = run(file, ImportOptions.defaults());

        assertThat(report.rejections()).containsExactly(new ImportRejection(3, "line 3: ORG box"
                + " cardiologie@chu-lyon.mssante.fr has no responsible professional: Identification nationale PP is"
                + " empty and the import has no default ORG responsible"));
        assertThat(store.box(WARD_BOX)).isEmpty();
        assertThat(store.structure(CHU)).isEmpty();
    }

    @Test
    void anOrgLineNamingAProfessionalMakesThemTheResponsible() throws Exception {
        String ward = Lines.with(Lines.with(Lines.with(Lines.with(Lines.WARD, 2, "8"), 3, "10000005479"), 4,
                "810000005479"), 9, "DUPONT");

        run(file(ward), ImportOptions.defaults());

        Box box = store.box(WARD_BOX).orElseThrow();
        assertThat(box.responsible()).contains(DOCTOR);
        assertThat(box.professional()).isEmpty();
        assertThat(store.professional(DOCTOR)).isPresent();
    }

    @Test
    void theDefaultResponsibleMustBeInTheDirectory() throws IOException {
        Path file = file(Lines.WARD);
        ImportOptions options = options().withDefaultOrgResponsible(IdNat.parse("0131234567"));
        long writes = store.writes();

        assertThatThrownBy(() -> run(file, options)).isInstanceOf(ImportRefusedException.class)
                .hasMessage("the default ORG responsible 0131234567 is not in the directory; nothing was imported");
        assertThat(store.writes()).isEqualTo(writes);
    }

    @Test
    void laterLinesWithTheSameAddressAreRejectedNamingTheFirst() throws Exception {
        String again = Lines.with(Lines.DOCTOR, 10, "Jean-Pierre");
        String upperCase = Lines.with(Lines.DOCTOR, 1, "Dupont.Jean@Medecin.MSSante.fr");

        ImportReport report = run(file(Lines.DOCTOR, Lines.WARD, again, upperCase));

        assertThat(report.rejections()).containsExactly(
                new ImportRejection(4, "line 4: Adresse BAL 'dupont.jean@medecin.mssante.fr' already appears on"
                        + " line 2"),
                new ImportRejection(5, "line 5: Adresse BAL 'dupont.jean@medecin.mssante.fr' already appears on"
                        + " line 2"));
        assertThat(store.professional(DOCTOR).orElseThrow().firstName()).isEqualTo("Jean");
    }

    @Test
    void anInvalidFirstOccurrenceStillClaimsItsAddress() throws Exception {
        String invalid = Lines.with(Lines.DOCTOR, 9, "");

        ImportReport report = run(file(invalid, Lines.DOCTOR));

        assertThat(reasons(report)).containsEntry(3L, "line 3: Adresse BAL 'dupont.jean@medecin.mssante.fr' already"
                + " appears on line 2");
        assertThat(store.box(DOCTOR_BOX)).isEmpty();
    }

    @Test
    void aProfessionalDescribedDifferentlyOnALaterLineRejectsThatLine() throws Exception {
        String sameIdOtherPerson = Lines.with(Lines.with(Lines.DOCTOR, 1, "dupont.marc@medecin.mssante.fr"), 10,
                "Marc");
        String sameStructureOtherName = Lines.with(Lines.with(Lines.WARD, 1, "urgences@chu-lyon.mssante.fr"), 18,
                "CHU DE LYON");

        ImportReport report = run(file(Lines.DOCTOR, sameIdOtherPerson, Lines.WARD, sameStructureOtherName));

        assertThat(report.rejections()).containsExactly(
                new ImportRejection(3, "line 3: Identification nationale PP '810000005479' names a professional"
                        + " described differently on line 2 (civilité, nom, prénom, profession or savoir-faire): one"
                        + " id must be one person"),
                new ImportRejection(5, "line 5: Identification Structure '1690781810' names a structure described"
                        + " differently on line 4 (raison sociale, enseigne, postal code or town)"));
    }

    @Test
    void aTruncatedFileIsRefusedWholeWithNothingWritten() throws IOException {
        String cut = Lines.WARD.substring(0, Lines.WARD.indexOf("CENTRE HOSPITALIER") + 10);
        Path file = dir.resolve("cut.txt");
        Files.writeString(file, Lines.HEADER + "\n" + Lines.DOCTOR + "\n" + Lines.PHARMACIST + "\n" + cut,
                StandardCharsets.UTF_8);
        long writes = store.writes();

        assertThatThrownBy(() -> run(file)).isInstanceOf(ImportRefusedException.class)
                .hasMessage("line 4 is truncated (no final newline, 19 of 31 columns): the file is incomplete (an"
                        + " interrupted transfer?), nothing was imported");
        assertThat(store.writes()).isEqualTo(writes);
        assertThat(store.countBoxes()).isZero();
    }

    @Test
    void aFileWithAWrongHeaderIsRefusedWhole() throws IOException {
        Path file = dir.resolve("bad-header.txt");
        Files.writeString(file, Lines.HEADER.replace("Adresse BAL", "Adresse") + "\n" + Lines.DOCTOR + "\n");

        assertThatThrownBy(() -> run(file)).isInstanceOf(ImportRefusedException.class)
                .hasMessage("line 1: header column 2 is 'Adresse', expected 'Adresse BAL'; nothing was imported");
        assertThat(store.countBoxes()).isZero();
    }

    @Test
    void aRefusedBoxUndoesTheProfessionalAndStructureItsLineAdded() throws Exception {
        store.fault((operation, key) -> operation.equals("putBox") && key.equals(PHARMACIST_BOX.address())
                ? new DirectoryRefusal(DirectoryRefusal.Reason.INVALID, "box " + key + ": simulated refusal") : null);

        ImportReport report = run(file(Lines.DOCTOR, Lines.PHARMACIST));

        assertThat(report.rejections()).containsExactly(new ImportRejection(3, "line 3: refused by the directory:"
                + " box martin.claire@pharmacien.mssante.fr: simulated refusal"));
        assertThat(store.professional(PHARMACIST)).isEmpty();
        assertThat(store.structure(PHARMACY)).isEmpty();
        assertThat(store.box(DOCTOR_BOX)).isPresent();
        assertThat(report.professionals()).isEqualTo(new ImportReport.Counts(1, 0, 0));
        assertThat(report.structures()).isEqualTo(ImportReport.Counts.NONE);
    }

    @Test
    void aRefusedBoxPutsBackTheRecordsItsLineUpdated() throws Exception {
        Professional before = new Professional(PHARMACIST, "", "MARTIN", "Claire-Anne", "21", "Pharmacien", "", "");
        Structure pharmacy = new Structure(PHARMACY, "PHARMACIE MARTIN", "", "13005", "MARSEILLE");
        store.putProfessional(before);
        store.putStructure(pharmacy);
        store.fault((operation, key) -> operation.equals("putBox")
                ? new DirectoryRefusal(DirectoryRefusal.Reason.INVALID, "simulated") : null);

        ImportReport report = run(file(Lines.PHARMACIST));

        assertThat(report.rejected()).isEqualTo(1);
        assertThat(store.calls("putProfessional")).isEqualTo(4); // referent, setup, import, undo
        assertThat(store.professional(PHARMACIST)).contains(before);
        assertThat(store.structure(PHARMACY)).contains(pharmacy);
    }

    @Test
    void anUnavailableDirectoryStopsTheImportAndARerunCompletesIt() throws Exception {
        Path file = file(Lines.DOCTOR, Lines.PHARMACIST, Lines.WARD);
        store.fault((operation, key) -> operation.equals("putBox") && key.equals(PHARMACIST_BOX.address())
                ? new DirectoryUnavailableException("connection refused", null) : null);

        assertThatThrownBy(() -> run(file, options().withThreads(1)))
                .isInstanceOf(ImportAbortedException.class)
                .hasMessage("the directory failed on line 3 (connection refused); the import stopped after applying"
                        + " 1 of 3 valid lines. Running it again is safe: lines already applied are left unchanged"
                        + " and the rest is completed.")
                .satisfies(e -> assertThat(((ImportAbortedException) e).report().applied()).isEqualTo(1));
        assertThat(store.professional(PHARMACIST)).isEmpty();
        assertThat(store.structure(PHARMACY)).isEmpty();
        assertThat(store.box(WARD_BOX)).isEmpty();

        store.noFault();
        ImportReport rerun = run(file);

        assertThat(rerun.applied()).isEqualTo(3);
        assertThat(rerun.boxes()).isEqualTo(new ImportReport.Counts(2, 0, 1));
    }

    @Test
    void whatCouldNotBeUndoneIsSaidAndTheRerunRepairsIt() throws Exception {
        Path file = file(Lines.PHARMACIST);
        store.fault((operation, key) -> operation.equals("putBox") || operation.startsWith("remove")
                ? new DirectoryUnavailableException("timeout", null) : null);

        assertThatThrownBy(() -> run(file)).isInstanceOf(ImportAbortedException.class)
                .hasMessageStartingWith("the directory failed on line 2 (timeout); could not undo the addition of"
                        + " structure 373282932000074 (timeout), the addition of professional 810000005487 (timeout);");

        store.noFault();
        ImportReport rerun = run(file);

        assertThat(rerun.boxes()).isEqualTo(new ImportReport.Counts(1, 0, 0));
        assertThat(rerun.professionals()).isEqualTo(new ImportReport.Counts(0, 0, 1));
    }

    @Test
    void aLineThatWouldChangeABoxsTypeOrHolderIsRejectedBeforeAnyWrite() throws Exception {
        store.putProfessional(new Professional(PHARMACIST, "", "MARTIN", "Claire", "21", "Pharmacien", "", ""));
        store.putBox(new Box(DOCTOR_BOX, BoxType.CAB, Optional.of(REFERENT), Optional.empty(), Optional.empty(),
                Set.of(), false, BoxStatus.ACTIVE, NOW, "", ""));
        store.putBox(new Box(PHARMACIST_BOX, BoxType.PER, Optional.of(REFERENT), Optional.empty(), Optional.empty(),
                Set.of(), false, BoxStatus.ACTIVE, NOW, "", ""));
        long professionalWrites = store.calls("putProfessional");

        ImportReport report = run(file(Lines.DOCTOR, Lines.PHARMACIST));

        assertThat(report.rejections()).containsExactly(
                new ImportRejection(2, "line 2: Type de BAL 'PER' differs from the type CAB of the existing box"
                        + " dupont.jean@medecin.mssante.fr, and a box's type never changes"),
                new ImportRejection(3, "line 3: Identification nationale PP '810000005487' is not the holder"
                        + " 0751234567 of the existing box martin.claire@pharmacien.mssante.fr, and a box's holder"
                        + " never changes"));
        assertThat(store.calls("putProfessional")).isEqualTo(professionalWrites);
        assertThat(store.calls("putStructure")).isZero();
    }

    @Test
    void anExistingBoxKeepsWhatIsManagedLocally() throws Exception {
        Instant created = Instant.parse("2024-01-01T00:00:00Z");
        IdNat member = IdNat.parse("0131234567");
        store.putProfessional(new Professional(member, "", "LEGRAND", "Paul", "60", "Infirmier", "", ""));
        store.putStructure(new Structure(CHU, "CENTRE HOSPITALIER UNIVERSITAIRE DE LYON", "CHU de Lyon", "69002",
                "LYON"));
        store.putBox(new Box(WARD_BOX, BoxType.ORG, Optional.empty(), Optional.of(CHU), Optional.of(member),
                Set.of(REFERENT), true, BoxStatus.SUSPENDED, created, "Cardiologie", ""));

        ImportReport report = run(file(Lines.WARD));

        assertThat(report.boxes()).isEqualTo(new ImportReport.Counts(0, 1, 0));
        assertThat(store.box(WARD_BOX)).contains(new Box(WARD_BOX, BoxType.ORG, Optional.empty(), Optional.of(CHU),
                Optional.of(member), Set.of(REFERENT), false, BoxStatus.SUSPENDED, created, "Service de cardiologie",
                ""));
        assertThat(run(file(Lines.WARD)).boxes()).isEqualTo(new ImportReport.Counts(0, 0, 1));
    }

    @Test
    void aStructureSharedByManyLinesIsReadAndWrittenOnce() throws Exception {
        List<String> wards = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            wards.add(Lines.with(Lines.WARD, 1, "service" + i + "@chu-lyon.mssante.fr"));
        }
        Path file = Lines.file(dir, "wards.txt", wards);

        ImportReport report = run(file, options().withThreads(8));

        assertThat(report.applied()).isEqualTo(500);
        assertThat(report.structures()).isEqualTo(new ImportReport.Counts(1, 0, 0));
        assertThat(store.calls("putStructure")).isEqualTo(1);
        assertThat(store.calls("structure")).isEqualTo(1);
    }

    @Test
    void theResultDoesNotDependOnTheNumberOfThreads() throws Exception {
        Path file = dir.resolve("generated.txt");
        new ExtractGenerator(99).write(file, 5_000, 100);
        InMemoryDirectoryStore other = new InMemoryDirectoryStore();
        other.putProfessional(store.professional(REFERENT).orElseThrow());

        ImportReport parallel = run(file, options().withThreads(8));
        ImportReport sequential = new ExtractImport(other, options().withThreads(1)).run(file);

        assertThat(parallel.rejections()).isEqualTo(sequential.rejections());
        assertThat(parallel.summary()).isEqualTo(sequential.summary());
        assertThat(store.boxes(Optional.empty(), 10_000)).isEqualTo(other.boxes(Optional.empty(), 10_000));
        assertThat(store.professionals(Optional.empty(), 10_000))
                .isEqualTo(other.professionals(Optional.empty(), 10_000));
        assertThat(store.structures(Optional.empty(), 10_000)).isEqualTo(other.structures(Optional.empty(), 10_000));
    }

    @Test
    void theListenerHearsEveryRejectionWhileTheReportKeepsTheFirst() throws Exception {
        List<ImportRejection> heard = new ArrayList<>();
        Path file = file(Lines.with(Lines.DOCTOR, 0, "X"), Lines.with(Lines.WARD, 0, "Y"),
                Lines.with(Lines.PHARMACIST, 0, "Z"), Lines.with(Lines.DOCTOR, 1, "jean.dupont@medecin.mssante.fr"));

        ImportReport report = run(file, options().withMaxKeptRejections(2).withListener(heard::add));

        assertThat(heard).extracting(ImportRejection::line).containsExactly(2L, 3L, 4L);
        assertThat(report.rejected()).isEqualTo(3);
        assertThat(report.rejections()).extracting(ImportRejection::line).containsExactly(2L, 3L);
        assertThat(report.rejectionsOmitted()).isEqualTo(1);
        assertThat(report.applied()).isEqualTo(1);
    }
}
