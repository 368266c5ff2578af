package fr.caducee.server.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.imap.api.ImapSessionState;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imapserver.netty.NettyConstants;
import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

class CommandGuardTest {
    static final CommandLimits LIMITS = new CommandLimits(8192, 2_000_000, 16);

    final List<String> refusals = new ArrayList<>();
    final EmbeddedChannel channel = new EmbeddedChannel(
        new CommandGuard(LIMITS, (ch, session, rule, answer) -> refusals.add(rule.id() + ": " + answer)));

    @Test
    void smallLiteralsBeforeLoginPassUntouched() {
        String login = "a1 LOGIN {4}\r\n" + "user" + " {8}\r\n" + "password" + "\r\n";
        send(login);

        assertThat(passedOn()).isEqualTo(login);
        assertThat(answers()).isEmpty();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aLargeSynchronizingLiteralBeforeLoginIsRefusedAndTheSessionGoesOn() {
        send("a1 LOGIN {2000000000}\r\n");

        assertThat(passedOn()).isEmpty();
        List<String> answered = answers();
        assertThat(answered).containsExactly("a1 NO [TOOBIG] Before login a command may carry at most 8192 bytes of "
            + "literals, this one announces 2000000000: log in first");
        assertThat(refusals).containsExactly("imap-literal-too-large: " + answered.get(0));
        assertThat(channel.isOpen()).isTrue();

        send("a2 CAPABILITY\r\n");
        assertThat(passedOn()).isEqualTo("a2 CAPABILITY\r\n");
    }

    @Test
    void aLargeNonSynchronizingLiteralClosesTheConnection() {
        send("a1 LOGIN {2000000000+}\r\n" + "x".repeat(1000));

        assertThat(passedOn()).isEmpty();
        List<String> answered = answers();
        assertThat(answered).hasSize(2);
        assertThat(answered.get(0)).startsWith("a1 BAD [TOOBIG] Before login");
        assertThat(answered.get(1)).startsWith("* BYE ");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void literalsAreCountedTogetherOverACommand() {
        String first = "a1 LOGIN {5000}\r\n" + "u".repeat(5000);
        send(first);
        assertThat(passedOn()).isEqualTo(first);

        // James has read part of the command: it cannot be taken back, so the connection ends.
        send(" {5000}\r\n");
        assertThat(passedOn()).isEmpty();
        assertThat(answers().get(0)).startsWith("a1 BAD [TOOBIG]").contains("announces 10000");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void afterLoginTheConfiguredLimitApplies() {
        logIn();
        String append = "a3 APPEND INBOX {1000000}\r\n";
        send(append);
        assertThat(passedOn()).isEqualTo(append);
        send("m".repeat(1_000_000) + "\r\n");
        assertThat(passedOn()).hasSize(1_000_002);

        send("a4 APPEND INBOX (\\Seen) {3000000}\r\n");
        assertThat(passedOn()).isEmpty();
        assertThat(answers()).containsExactly("a4 NO [TOOBIG] A command may carry at most 2000000 bytes of literals "
            + "here, this one announces 3000000: send a smaller message");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void whatLooksLikeAnAnnouncementInsideALiteralIsData() {
        logIn();
        String body = "x{9999999999}\r\n{1}\r\n";
        String append = "a3 APPEND INBOX {" + body.length() + "}\r\n" + body + "\r\na4 NOOP\r\n";
        send(append);

        assertThat(passedOn()).isEqualTo(append);
        assertThat(answers()).isEmpty();
    }

    @Test
    void earlierCommandsOfTheSameReadGoOnWhenALaterOneIsRefused() {
        send("a1 CAPABILITY\r\na2 LOGIN {9000}\r\n");

        assertThat(passedOn()).isEqualTo("a1 CAPABILITY\r\n");
        assertThat(answers()).singleElement().asString().startsWith("a2 NO [TOOBIG]");
    }

    @Test
    void anAnnouncementSplitAcrossReadsIsStillSeen() {
        logIn();
        send("a3 APPEND INBOX {30");
        send("00000}\r\n");

        assertThat(answers().get(0)).startsWith("a3 BAD [TOOBIG]").contains("announces 3000000");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aSizeOfMoreDigitsThanALongHoldsIsRefused() {
        send("a1 LOGIN {123456789012345678901234567890}\r\n");

        assertThat(answers()).singleElement().asString().startsWith("a1 NO [TOOBIG]");
    }

    @Test
    void aNegativeSizeIsRefused() {
        logIn();
        send("H1 APPEND INBOX {-1}\r\n");

        assertThat(passedOn()).isEmpty();
        assertThat(answers()).containsExactly("H1 BAD A literal cannot have a negative size (-1)");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void bracesThatAreNotAnAnnouncementAreIgnored() {
        String lines = "a1 SEARCH SUBJECT \"{abc}\"\r\na2 SEARCH SUBJECT {}\r\na3 NOOP {12a}\r\n";
        send(lines);

        assertThat(passedOn()).isEqualTo(lines);
        assertThat(answers()).isEmpty();
    }

    @Test
    void parenthesesNestedTooDeepAreRefusedAndTheSessionGoesOn() {
        logIn();
        send("a5 SEARCH " + "(".repeat(10_000) + "ALL" + ")".repeat(10_000) + "\r\n");

        assertThat(passedOn()).isEmpty();
        assertThat(answers()).containsExactly("a5 BAD Parentheses are nested more than 16 deep in this command: simplify it");
        assertThat(refusals).singleElement().asString().startsWith("imap-nesting-too-deep: a5 BAD");

        send("a6 SEARCH OR (FROM a) (OR (FROM b) (FROM c))\r\n");
        assertThat(passedOn()).isEqualTo("a6 SEARCH OR (FROM a) (OR (FROM b) (FROM c))\r\n");
    }

    @Test
    void parenthesesInQuotedStringsAndLiteralsAreText() {
        logIn();
        String deep = "(".repeat(100);
        String quoted = "a7 SEARCH SUBJECT \"" + deep + " \\\" " + deep + "\"\r\n";
        String literal = "a8 SEARCH BODY {100}\r\n" + deep + "\r\n";
        send(quoted + literal);

        assertThat(passedOn()).isEqualTo(quoted + literal);
        assertThat(answers()).isEmpty();
    }

    @Test
    void nestingPastALiteralClosesTheConnection() {
        logIn();
        send("a9 SEARCH " + "(".repeat(10) + "BODY {3}\r\n");
        assertThat(passedOn()).endsWith("{3}\r\n");

        send("abc " + "(".repeat(10) + "ALL\r\n");
        List<String> answered = answers();
        assertThat(answered.get(0)).startsWith("a9 BAD Parentheses");
        assertThat(answered.get(1)).startsWith("* BYE");
        assertThat(channel.isOpen()).isFalse();
    }

    private void logIn() {
        ImapSession session = mock(ImapSession.class);
        when(session.getState()).thenReturn(ImapSessionState.AUTHENTICATED);
        channel.attr(NettyConstants.IMAP_SESSION_ATTRIBUTE_KEY).set(session);
    }

    private void send(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    private String passedOn() {
        StringBuilder passed = new StringBuilder();
        ByteBuf buffer;
        while ((buffer = channel.readInbound()) != null) {
            passed.append(buffer.toString(StandardCharsets.ISO_8859_1));
            buffer.release();
        }
        return passed.toString();
    }

    private List<String> answers() {
        List<String> lines = new ArrayList<>();
        ByteBuf buffer;
        while ((buffer = channel.readOutbound()) != null) {
            for (String line : buffer.toString(StandardCharsets.US_ASCII).split("\r\n")) {
                lines.add(line);
            }
            buffer.release();
        }
        return lines;
    }
}
