package fr.caducee.gateway.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.v25.segment.PID;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;

class RememberedModelClassesTest {
    /** HAPI's own factory, the names it was asked for noted. */
    static final class Counting extends CanonicalModelClassFactory {
        final List<String> asked = new ArrayList<>();

        Counting() {
            super("2.5");
        }

        @Override
        public Class<? extends Segment> getSegmentClass(String name, String version) throws HL7Exception {
            asked.add(name);
            return super.getSegmentClass(name, version);
        }
    }

    final Counting hapi = new Counting();
    final RememberedModelClasses classes = new RememberedModelClasses(hapi);

    @Test
    void aSegmentWithoutAClassIsLookedUpOnceAndStaysWithout() throws HL7Exception {
        assertThat(classes.getSegmentClass("ZBE", "2.5")).isNull();
        assertThat(classes.getSegmentClass("ZBE", "2.5")).isNull();
        assertThat(classes.getSegmentClass("ZBE", "2.5")).isNull();

        assertThat(hapi.asked).containsExactly("ZBE");
    }

    @Test
    void aSegmentWithAClassIsFoundOnceAndGivenAgain() throws HL7Exception {
        assertThat(classes.getSegmentClass("PID", "2.5")).isEqualTo(PID.class);
        assertThat(classes.getSegmentClass("PID", "2.5")).isEqualTo(PID.class);

        assertThat(hapi.asked).containsExactly("PID");
    }

    @Test
    void namesAreRememberedPerVersion() throws HL7Exception {
        classes.getSegmentClass("ZFA", "2.5");
        classes.getSegmentClass("ZFA", "2.6");

        assertThat(hapi.asked).containsExactly("ZFA", "ZFA");
    }

    @Test
    void beyondTheLimitNamesAreLookedUpAsBeforeAndTheMemoryStopsGrowing() throws HL7Exception {
        for (int i = 0; i < RememberedModelClasses.LIMIT; i++) {
            classes.getSegmentClass(String.format("Z%02X", i % 256) + i, "2.5");
        }
        hapi.asked.clear();

        classes.getSegmentClass("ZZZ", "2.5");
        classes.getSegmentClass("ZZZ", "2.5");

        assertThat(hapi.asked).containsExactly("ZZZ", "ZZZ");
    }
}
