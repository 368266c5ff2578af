package fr.caducee.server.storage.search.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.apache.james.mailbox.MessageUid;
import org.junit.jupiter.api.Test;

import fr.caducee.server.storage.search.ThreadMessage;
import fr.caducee.server.storage.search.Threads;

/** The threads of RFC 5256 as THREAD writes them (UIDs, so no session is needed). */
class ThreadProcessorTest {
    private static ThreadMessage message(long uid, String id, List<String> references, String baseSubject,
                                         boolean reply, int day) {
        return new ThreadMessage(MessageUid.of(uid), id, references, baseSubject, reply,
            Instant.parse("2026-12-01T08:00:00Z").plusSeconds(86_400L * day));
    }

    private final List<ThreadMessage> messages = List.of(
        message(1, "a@h", List.of(), "dossier", false, 1),
        message(2, "b@h", List.of("a@h"), "dossier", true, 2),
        message(3, "c@h", List.of("a@h", "b@h"), "dossier", true, 3),
        message(4, "d@h", List.of("a@h"), "dossier", true, 4),
        message(5, "e@h", List.of("x@h"), "rendez-vous", false, 5),
        message(6, "f@h", List.of("x@h"), "rendez-vous", true, 6),
        message(7, "g@h", List.of(), "autre", false, 0),
        message(8, "h@h", List.of(), "autre", true, 7));

    @Test
    void referencesBuildTreesAndGatherRootsOfTheSameSubject() {
        assertThat(ThreadProcessor.written(Threads.references(messages), true, null))
            .isEqualTo("(7 8)(1 (2 3)(4))((5)(6))");
    }

    @Test
    void orderedSubjectMakesOneFlatThreadPerBaseSubject() {
        assertThat(ThreadProcessor.written(Threads.orderedSubject(messages), true, null))
            .isEqualTo("(7 8)(1 (2)(3)(4))(5 6)");
    }

    @Test
    void aMessageReferringToItselfOrInALoopIsStillThreadedOnce() {
        List<ThreadMessage> looping = List.of(
            message(1, "a@h", List.of("b@h"), "x", false, 1),
            message(2, "b@h", List.of("a@h"), "y", false, 2),
            message(3, "c@h", List.of("c@h"), "z", false, 3),
            message(4, "", List.of(), "", false, 4),
            message(5, "a@h", List.of(), "w", false, 5));
        String written = ThreadProcessor.written(Threads.references(looping), true, null);
        for (String uid : List.of("1", "2", "3", "4", "5")) {
            assertThat(written.split("[ ()]+")).as(written).containsOnlyOnce(uid);
        }
    }

    @Test
    void noMessageIsNoThread() {
        assertThat(ThreadProcessor.written(Threads.references(List.of()), true, null)).isEmpty();
    }
}
