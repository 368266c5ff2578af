package fr.caducee.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.james.mailbox.MessageUid;
import org.junit.jupiter.api.Test;

import fr.caducee.server.storage.search.ThreadMessage;

/** RFC 5256: the threads of the THREAD command, from what was stored of each message when it was indexed. */
class ThreadsTest {
    private final List<ThreadMessage> messages = new ArrayList<>();

    /** A message whose UID is its number; the subject's base and reply mark as {@code MessageText} stores them. */
    private void message(long uid, String sent, String subject, String id, String... references) {
        String base = subject.replaceFirst("^((?i)re|fwd):\\s*", "").replaceFirst("^((?i)re|fwd):\\s*", "");
        messages.add(new ThreadMessage(MessageUid.of(uid), id == null ? "" : id, List.of(references),
            base.toLowerCase(Locale.ROOT), !base.equals(subject), Instant.parse(sent)));
    }

    private static long asUid(MessageUid uid) {
        return uid.asLong();
    }

    private String references() {
        return Threads.references(messages, ThreadsTest::asUid);
    }

    private String orderedSubject() {
        return Threads.orderedSubject(messages, ThreadsTest::asUid);
    }

    @Test
    void referencesLinkRepliesToWhatTheyAnswer() {
        message(1, "2026-12-01T08:00:00Z", "Bilan", "a@x");
        message(2, "2026-12-01T07:00:00Z", "Re: Bilan", "b@x", "a@x");
        message(3, "2026-11-30T10:00:00Z", "Garde", "c@x");
        message(4, "2026-12-02T10:00:00Z", "Re: Bilan", "d@x", "a@x", "b@x");
        message(5, "2026-12-03T10:00:00Z", "Re: Bilan", "e@x", "a@x");

        assertThat(references()).isEqualTo("(3)(1 (2 4)(5))");
    }

    @Test
    void aMessageReferredToButAbsentKeepsItsRepliesTogether() {
        message(1, "2026-12-01T08:00:00Z", "Re: Bilan", "b@x", "a@x");
        message(2, "2026-12-01T09:00:00Z", "Re: Bilan", "c@x", "a@x");

        assertThat(references()).isEqualTo("((1)(2))");
    }

    @Test
    void rootsWithTheSameSubjectAreGathered() {
        message(1, "2026-12-01T08:00:00Z", "Bilan", "a@x");
        message(2, "2026-12-01T09:00:00Z", "Re: Bilan", "b@x");
        message(3, "2026-12-01T10:00:00Z", "Autre", null);

        assertThat(references()).isEqualTo("(1 2)(3)");
    }

    @Test
    void aReferenceLoopIsNotFollowed() {
        message(1, "2026-12-01T08:00:00Z", "Bilan", "a@x", "b@x");
        message(2, "2026-12-01T09:00:00Z", "Compte rendu", "b@x", "a@x");

        assertThat(references()).isEqualTo("(2 1)");
    }

    @Test
    void aMessagesOwnReferencesReplaceALinkAnotherMessageMadeForIt() {
        // imaptest's "thread": 2 says c answers a, 3 (c) says it answers 2: linking 3 under 2 would be a loop.
        message(1, "2008-02-22T17:06:23Z", "", "a@b");
        message(2, "2008-02-22T15:06:23Z", "", "b@b", "a@b", "c@b");
        message(3, "2008-02-22T16:06:25Z", "", "c@b", "b@b");

        assertThat(references()).isEqualTo("(3 2)(1)");
    }

    @Test
    void referencesBuildTreesAndGatherRootsOfTheSameSubject() {
        message(1, "2026-12-02T08:00:00Z", "dossier", "a@h");
        message(2, "2026-12-03T08:00:00Z", "Re: dossier", "b@h", "a@h");
        message(3, "2026-12-04T08:00:00Z", "Re: dossier", "c@h", "a@h", "b@h");
        message(4, "2026-12-05T08:00:00Z", "Re: dossier", "d@h", "a@h");
        message(5, "2026-12-06T08:00:00Z", "rendez-vous", "e@h", "x@h");
        message(6, "2026-12-07T08:00:00Z", "Re: rendez-vous", "f@h", "x@h");
        message(7, "2026-12-01T08:00:00Z", "autre", "g@h");
        message(8, "2026-12-08T08:00:00Z", "Re: autre", "h@h");

        assertThat(references()).isEqualTo("(7 8)(1 (2 3)(4))((5)(6))");
        assertThat(orderedSubject()).isEqualTo("(7 8)(1 (2)(3)(4))(5 6)");
    }

    @Test
    void aMessageReferringToItselfOrInALoopIsStillThreadedOnce() {
        message(1, "2026-12-02T08:00:00Z", "x", "a@h", "b@h");
        message(2, "2026-12-03T08:00:00Z", "y", "b@h", "a@h");
        message(3, "2026-12-04T08:00:00Z", "z", "c@h", "c@h");
        message(4, "2026-12-05T08:00:00Z", "", null);
        message(5, "2026-12-06T08:00:00Z", "w", "a@h");

        String written = references();
        for (String uid : List.of("1", "2", "3", "4", "5")) {
            assertThat(written.split("[ ()]+")).as(written).containsOnlyOnce(uid);
        }
    }

    @Test
    void orderedSubjectMakesTheFirstMessageTheParentOfTheOthers() {
        message(1, "2026-12-01T08:00:00Z", "Bilan", "a@x");
        message(2, "2026-12-01T07:00:00Z", "Re: Bilan", "b@x");
        message(3, "2026-11-30T10:00:00Z", "Garde", "c@x");
        message(4, "2026-12-02T10:00:00Z", "Re: Re: Bilan", "d@x");

        assertThat(orderedSubject()).isEqualTo("(3)(2 (1)(4))");
    }

    @Test
    void messagesAreWrittenWithTheNumbersTheClientKnows() {
        message(10, "2026-12-01T08:00:00Z", "Bilan", "a@x");
        message(20, "2026-12-01T09:00:00Z", "Re: Bilan", "b@x", "a@x");

        assertThat(Threads.references(messages, uid -> uid.asLong() / 10)).isEqualTo("(1 2)");
    }

    @Test
    void noMessageIsNoThread() {
        assertThat(references()).isEmpty();
        assertThat(orderedSubject()).isEmpty();
    }
}
