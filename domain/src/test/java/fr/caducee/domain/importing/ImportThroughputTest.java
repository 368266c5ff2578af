package fr.caducee.domain.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.domain.directory.store.InMemoryDirectoryStore;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.importing.extract.ExtractGenerator;
import fr.caducee.domain.model.Professional;

/**
 * Throughput of the extract import over a generated million-line file: the validation phase alone (mapping and
 * checks, no directory), then the whole import into the in-memory store, twice. Run on demand:
 * {@code mvn -q -pl directory verify -Dtest=ImportThroughputTest -Dcaducee.throughput=true
 * -Dsurefire.failIfNoSpecifiedTests=false}; the figures go to standard output.
 */
@EnabledIfSystemProperty(named = "caducee.throughput", matches = "true")
class ImportThroughputTest {

    static final int LINES = Integer.getInteger("caducee.throughput.lines", 1_000_000);

    @TempDir
    Path dir;

    @Test
    void measures() throws Exception {
        Path file = dir.resolve("extraction_correspondance_mssante.txt");
        long start = System.nanoTime();
        new ExtractGenerator(2026).write(file, LINES, 0);
        print("generation", start, LINES);

        for (int run = 1; run <= 2; run++) {
            ReportBuilder report = new ReportBuilder(10_000, ImportListener.NONE);
            start = System.nanoTime();
            ValidatedExtract valid = ExtractValidation.validate(file, report);
            print("validation (phase 1) run " + run + ", " + valid.acceptedCount() + " valid", start, LINES);
            System.out.printf(Locale.ROOT, "heap used with the validated extract held: %d MB%n", usedHeap() >> 20);
        }

        IdNat referent = IdNat.parse("0751234567");
        InMemoryDirectoryStore store = new InMemoryDirectoryStore();
        store.putProfessional(new Professional(referent, "", "REFERENT", "", "", "", "", ""));
        ImportOptions options = ImportOptions.defaults().withDefaultOrgResponsible(referent);
        for (int run = 1; run <= 2; run++) {
            start = System.nanoTime();
            ImportReport report = new ExtractImport(store, options).run(file);
            print("whole import run " + run + " (" + report.summary() + ")", start, LINES);
            assertThat(report.applied() + report.rejected()).isEqualTo(LINES);
        }
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static void print(String what, long start, long lines) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf(Locale.ROOT, "%s: %d lines in %.1f s, %.0f lines/s%n", what, lines,
                elapsed.toMillis() / 1000.0, lines * 1e9 / elapsed.toNanos());
    }
}
