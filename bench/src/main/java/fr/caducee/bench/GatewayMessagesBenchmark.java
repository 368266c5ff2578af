package fr.caducee.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.mail.Session;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.parser.UnexpectedSegmentBehaviourEnum;
import ca.uhn.hl7v2.validation.impl.NoValidation;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.gateway.GatewayMessageIds;
import fr.caducee.gateway.admission.EdNotice;
import fr.caducee.gateway.message.Hl7Reader;
import fr.caducee.gateway.message.Inbound;

/**
 * What an admission costs the gateway's own code before any I/O, in process: reading ANS's A01 (with the GP's ROL, as
 * the benchmark's hospital sends it) with the gateway's reader, and writing the GP's notice as MIME; beside each, the
 * way it was done before the fixes of "Hospital gateway" in docs/BENCHMARKS.md: HAPI's parser with HAPI's own class
 * factory (each ZBE and ZFA, which have no class, searched in every jar of the class path), and a new JavaMail
 * session (which reads its address map from every jar). Run with the server's class path, whose length is the point:
 * {@code java -cp "bench/target/caducee-bench.jar:bench/target/lib/*:server/target/caducee-server.jar:server/target/lib/*"
 * org.openjdk.jmh.Main GatewayMessagesBenchmark} from the repository's root.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class GatewayMessagesBenchmark {
    /** ANS's examples, from the repository's root. */
    @Param("gateway/src/test/resources/hl7/ans")
    String examples;

    private byte[] admission;
    private String text;
    private Hl7Reader reader;
    private PipeParser hapiAlone;
    private EdNotice notice;
    private final Instant date = Instant.parse("2026-12-07T10:00:00Z");

    @Setup
    public void setUp() throws Exception {
        text = HospitalMessages.read(Path.of(examples), "690000013").admission("B-1", 1, "10000005479", date);
        admission = text.getBytes(StandardCharsets.UTF_8);
        reader = new Hl7Reader();
        HapiContext context = new DefaultHapiContext(new CanonicalModelClassFactory("2.5"));
        context.setValidationContext(new NoValidation());
        context.getParserConfiguration().setValidating(false);
        context.getParserConfiguration().setUnexpectedSegmentBehaviour(UnexpectedSegmentBehaviourEnum.ADD_INLINE);
        hapiAlone = context.getPipeParser();
        notice = new EdNotice(GatewayMessageIds.Purpose.ED_NOTICE, BoxAddress.parse("sih@bench.localhost"),
            BoxAddress.parse("dr.traitant1@bench.localhost"), Optional.of("800000010017"),
            "Urgences CHU de Bench : votre patiente Camille PATIENT1", "Bonjour Docteur TRAITANT,\n\n".repeat(20));
    }

    /** The gateway's reader: MSH, strict decoding, HAPI's parse with its segment classes remembered. */
    @Benchmark
    public Inbound readAdmission() throws Exception {
        return reader.read(admission);
    }

    /** HAPI's parse alone as the reader set it up before: every Z segment searched in the class path. */
    @Benchmark
    public Message parseWithHapisClassFactory() throws Exception {
        return hapiAlone.parse(text);
    }

    /** The notice as MIME bytes, on the one session all notices share. */
    @Benchmark
    public byte[] writeNotice() {
        return notice.mime("<gw.bench@bench.localhost>", date);
    }

    /** What each notice paid before on top: a session of its own. */
    @Benchmark
    public Session newSession() {
        return Session.getInstance(new Properties());
    }
}
