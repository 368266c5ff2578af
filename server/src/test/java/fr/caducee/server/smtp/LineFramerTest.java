package fr.caducee.server.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.netty.CommandInjectionDetectedException;
import org.apache.james.protocols.netty.HandlerConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.caducee.rules.transport.LongLineHook;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;

class LineFramerTest {
    private static final int LIMIT = 64;

    private final SmtpChannel smtp = new SmtpChannel();

    @BeforeEach
    void install() {
        smtp.channel.pipeline().addLast("framer", new LineFramer(smtp.channel.pipeline(), LIMIT, new OverlongLineHandler(LIMIT)));
        // James's core handler, where the framer finds the session; here it only passes the lines on
        smtp.channel.pipeline().addLast(HandlerConstants.CORE_HANDLER, new ChannelInboundHandlerAdapter());
    }

    @Test
    void linesWithinTheLimitArePassedOnOneByOneWithTheirLineEndAsJamesReadsThem() {
        smtp.channel.writeInbound(bytes("EHLO client.localhost\r\nNOOP\r\n"));

        assertThat(text(smtp.channel.readInbound())).isEqualTo("EHLO client.localhost\r\n");
        assertThat(text(smtp.channel.readInbound())).isEqualTo("NOOP\r\n");
        assertThat(smtp.answers).isEmpty();
    }

    @Test
    void aLineOverTheLimitIsAnsweredByOurHandlerAndTheNextLineIsRead() {
        smtp.channel.writeInbound(bytes("NOOP " + "x".repeat(LIMIT) + "\r\nNOOP\r\n"));

        assertThat(smtp.answers).singleElement()
            .satisfies(answer -> assertThat(answer.getLines()).singleElement().asString().startsWith("500 5.5.2 "));
        assertThat(text(smtp.channel.readInbound())).as("the line after is read as usual").isEqualTo("NOOP\r\n");
        assertThat(smtp.session.getAttachment(LongLineHook.LINE_CUT, ProtocolSession.State.Transaction)).isEmpty();
        smtp.channel.checkException();
    }

    @Test
    void starttlsWithAParameterIsPassedOnToBeAnsweredAsASyntaxErrorRatherThanClosingTheConnection() {
        smtp.channel.writeInbound(bytes("STARTTLS extra\r\n"));

        assertThat(text(smtp.channel.readInbound())).isEqualTo("STARTTLS extra\r\n");
        smtp.channel.checkException();
        smtp.channel.writeInbound(bytes("STARTTLS\r\n"));
        assertThat(text(smtp.channel.readInbound())).as("STARTTLS alone still works").isEqualTo("STARTTLS\r\n");
    }

    @Test
    void starttlsWithACommandBehindItInTheSameReadIsStillRefusedAsAnInjection() {
        assertThatThrownBy(() -> smtp.channel.writeInbound(bytes("STARTTLS extra\r\nMAIL FROM:<a@b.localhost>\r\n")))
            .hasRootCauseInstanceOf(CommandInjectionDetectedException.class);
    }

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    private static String text(Object frame) {
        ByteBuf buffer = (ByteBuf) frame;
        try {
            return buffer.toString(StandardCharsets.US_ASCII);
        } finally {
            buffer.release();
        }
    }
}
