package fr.caducee.rules.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

import fr.caducee.rules.audit.RefusalAuditHook;
import fr.caducee.rules.smtp.ChainSettings;
import fr.caducee.rules.smtp.MessageSizeLimit;
import fr.caducee.rules.smtp.SmtpRefusal;

class StorageReserveHookTest {
    private static final long MB = 1024 * 1024;

    private final AtomicLong usable = new AtomicLong();
    private final StorageReserveHook hook = new StorageReserveHook(usable::get, reserve(100));
    private final SMTPSession session = mock(SMTPSession.class);

    StorageReserveHookTest() throws Exception {
        when(session.removeAttachment(MessageSizeLimit.DECLARED_SIZE, ProtocolSession.State.Transaction))
            .thenReturn(Optional.empty());
    }

    @Test
    void mailFromBelowTheReserveGets452WithTheSentence() throws Exception {
        usable.set(99 * MB);

        HookResult result = mailFrom();

        assertThat(result.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(result.getSmtpRetCode()).isEqualTo("452");
        assertThat(result.getSmtpDescription()).isEqualTo("4.3.1 Mail system full: this server is short of disk space "
            + "and cannot take your message now; try again later");
        // Left for RefusalAuditHook, which records it under its rule.
        verify(session).setAttachment(eq(SmtpRefusal.GIVEN), any(), eq(ProtocolSession.State.Connection));
    }

    @Test
    void mailFromAtTheReserveOrAboveIsLeftToTheOtherHooks() throws Exception {
        usable.set(100 * MB);

        assertThat(mailFrom().getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void theSizeAnnouncedWithMailFromMustFitAboveTheReserve() throws Exception {
        usable.set(110 * MB);
        when(session.removeAttachment(MessageSizeLimit.DECLARED_SIZE, ProtocolSession.State.Transaction))
            .thenReturn(Optional.of(11 * MB), Optional.of(10 * MB));

        assertThat(mailFrom().getSmtpRetCode()).isEqualTo("452");
        assertThat(mailFrom().getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void theEndOfDataWeighsTheMessageItself() throws Exception {
        usable.set(100 * MB + 4096);

        assertThat(endOfData(4097).getSmtpRetCode()).isEqualTo("452");
        assertThat(endOfData(4096).getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void mailIsTakenAgainAsSoonAsSpaceReturns() throws Exception {
        usable.set(10 * MB);
        assertThat(mailFrom().getSmtpRetCode()).isEqualTo("452");

        usable.set(500 * MB);
        assertThat(mailFrom().getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void spaceThatCannotBeMeasuredIsTakenAsFull() {
        StorageReserveHook failing = new StorageReserveHook(() -> {
            throw new IOException("statvfs failed");
        }, reserve(100));

        assertThat(failing.doMail(session, MaybeSender.nullSender()).getSmtpRetCode()).isEqualTo("452");
    }

    @Test
    void aReserveOfZeroChecksOnlyTheMessagesOwnSize() throws Exception {
        StorageReserveHook hook = new StorageReserveHook(usable::get, reserve(0));
        usable.set(4096);

        assertThat(hook.doMail(session, MaybeSender.of(new MailAddress("dr.durand@chu-exemple.fr"))).getResult())
            .isEqualTo(HookReturnCode.declined());
        assertThat(hook.onMessage(session, FakeMail.builder().name("m").size(4096).build()).getResult())
            .isEqualTo(HookReturnCode.declined());
        assertThat(hook.onMessage(session, FakeMail.builder().name("m").size(4097).build()).getSmtpRetCode())
            .isEqualTo("452");
    }

    @Test
    void aNegativeReserveStopsTheStart() {
        assertThatThrownBy(() -> reserve(-1))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("reserveMegabytes) must be from 0");
    }

    private HookResult mailFrom() throws Exception {
        return hook.doMail(session, MaybeSender.of(new MailAddress("dr.durand@chu-exemple.fr")));
    }

    private HookResult endOfData(long size) throws Exception {
        return hook.onMessage(session, FakeMail.builder().name("m").size(size).build());
    }

    private static ChainSettings reserve(long megabytes) {
        return ChainSettings.DEFAULTS.withStorageReserveMegabytes(megabytes);
    }
}
