package fr.caducee.domain.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

import fr.caducee.domain.directory.store.WriteOutcome;

class ImportReportTest {

    @Test
    void writesTheSummaryThenEachKeptRejectionThenTheOmittedCountAsJsonLines() throws IOException {
        ReportBuilder builder = new ReportBuilder(2, ImportListener.NONE);
        builder.read();
        builder.read();
        builder.read();
        builder.boxes.count(WriteOutcome.ADDED);
        builder.professionals.count(WriteOutcome.UNCHANGED);
        builder.applied();
        builder.reject(3, "line 3: Nom d'exercice is empty: professional \"X\"\\ needs\ta name");
        builder.reject(2, "line 2: Type de BAL 'XYZ' is not one of PER, ORG, APP, CAB");
        builder.reject(4, "line 4 has 30 columns instead of 31");
        StringWriter out = new StringWriter();

        builder.build().writeJsonLines(out);

        assertThat(out.toString()).isEqualTo("""
                {"type":"summary","read":3,"applied":1,"skipped":0,"rejected":3,\
                "boxes":{"added":1,"updated":0,"unchanged":0},"professionals":{"added":0,"updated":0,"unchanged":1},\
                "structures":{"added":0,"updated":0,"unchanged":0},"patients":{"added":0,"updated":0,"unchanged":0}}
                {"type":"rejection","line":2,"reason":"line 2: Type de BAL 'XYZ' is not one of PER, ORG, APP, CAB"}
                {"type":"rejection","line":3,"reason":"line 3: Nom d'exercice is empty: professional \\"X\\"\\\\ \
                needs\\ta name"}
                {"type":"omitted","count":1}
                """);
    }

    @Test
    void summarisesInOneLine() {
        ReportBuilder builder = new ReportBuilder(10, ImportListener.NONE);
        builder.read();
        builder.boxes.count(WriteOutcome.UPDATED);
        builder.applied();

        assertThat(builder.build().summary()).isEqualTo("read 1, applied 1, rejected 0; boxes 0 added, 1 updated, 0"
                + " unchanged; professionals 0 added, 0 updated, 0 unchanged; structures 0 added, 0 updated, 0"
                + " unchanged");
    }

    @Test
    void theJsonLinesListenerWritesEachRejectionAsItComes() {
        StringWriter out = new StringWriter();
        JsonLinesRejectionWriter listener = new JsonLinesRejectionWriter(out);
        ReportBuilder builder = new ReportBuilder(0, listener);

        builder.reject(7, "line 7 is empty");
        builder.reject(9, "line 9: \u0001");

        assertThat(out.toString()).isEqualTo("{\"type\":\"rejection\",\"line\":7,\"reason\":\"line 7 is empty\"}\n"
                + "{\"type\":\"rejection\",\"line\":9,\"reason\":\"line 9: \\u0001\"}\n");
        assertThat(builder.build().rejections()).isEmpty();
        assertThat(builder.build().rejectionsOmitted()).isEqualTo(2);
    }
}
