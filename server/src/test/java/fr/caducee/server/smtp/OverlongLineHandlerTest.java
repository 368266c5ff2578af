package fr.caducee.server.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.caducee.rules.transport.LongLineHook;
import io.netty.handler.codec.TooLongFrameException;

class OverlongLineHandlerTest {
    private final SmtpChannel smtp = new SmtpChannel();

    @BeforeEach
    void install() {
        smtp.channel.pipeline().addLast(new OverlongLineHandler(8192));
    }

    @Test
    void anOverlongCommandLineIsAnswered500With552AndTheSessionGoesOn() {
        smtp.channel.pipeline().fireExceptionCaught(new TooLongFrameException("frame length exceeds 8192"));

        assertThat(smtp.answers).singleElement().satisfies(answer -> {
            assertThat(answer.getRetCode()).isEqualTo("500");
            assertThat(answer.getLines()).containsExactly("500 5.5.2 The command line is longer than 8192 bytes and "
                + "was not read: send commands of at most 512 bytes (RFC 5321)");
        });
        assertThat(smtp.channel.isOpen()).isTrue();
        assertThat(smtp.session.getAttachment(LongLineHook.LINE_CUT, ProtocolSession.State.Transaction)).isEmpty();
    }

    @Test
    void anOverlongLineInsideDataGetsNoAnswerButMarksTheTransactionForLongLineHook() {
        smtp.session.setMimeMessageInputStreamSource(MimeMessageInputStreamSource.create("Mail1"));

        smtp.channel.pipeline().fireExceptionCaught(new TooLongFrameException("frame length exceeds 8192"));

        assertThat(smtp.answers).as("the client expects no answer before the final dot").isEmpty();
        assertThat(smtp.session.getAttachment(LongLineHook.LINE_CUT, ProtocolSession.State.Transaction)).contains(8192);
    }

    @Test
    void otherErrorsAreLeftToJamesHandlers() {
        smtp.channel.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));

        assertThat(smtp.answers).isEmpty();
        assertThatThrownBy(smtp.channel::checkException).isInstanceOf(IOException.class);
    }
}
