package fr.caducee.rules.recipients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.SSLSession;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.caducee.domain.directory.CachedDirectory;
import fr.caducee.domain.directory.PasswordScheme;
import fr.caducee.domain.directory.store.InMemoryDirectoryStore;
import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;
import fr.caducee.rules.patients.FakeSmtpSession;
import fr.caducee.rules.smtp.Refusals;

class RegisteredRecipientHookTest {
    private static final IdNat DOCTOR = IdNat.parse("810000005479");
    private static final Finess CHU = Finess.parse("690781810");
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private final InMemoryDirectoryStore store = new InMemoryDirectoryStore();
    private final DomainList localDomains = mock(DomainList.class);
    private final SMTPSession session = FakeSmtpSession.mx(mock(SSLSession.class));
    private RegisteredRecipientHook hook;

    @BeforeEach
    void registerBoxes() throws Exception {
        store.putProfessional(new Professional(DOCTOR, "DR", "DUPONT", "Jean", "10", "Médecin", "", ""));
        store.putStructure(new Structure(CHU, "CENTRE HOSPITALIER UNIVERSITAIRE DE LYON", "CHU de Lyon", "69002", "LYON"));
        store.putBox(box("dupont.jean@chu.localhost", BoxStatus.ACTIVE));
        store.putBox(box("ancien.poste@chu.localhost", BoxStatus.SUSPENDED));
        store.putPatient(new Patient(Ins.parse("146026322000196"), "MARTIN", "Louise", Optional.empty(),
            PatientAddress.parse("146026322000196@patient.chu.localhost"), BoxStatus.ACTIVE, CREATED, List.of()));
        when(localDomains.containsDomain(any())).thenAnswer(call ->
            Set.of("chu.localhost", "patient.chu.localhost").contains(call.<Domain>getArgument(0).asString()));
        hook = new RegisteredRecipientHook(new CachedDirectory(store, domain -> true, mock(PasswordScheme.class),
            new CachedDirectory.CacheSettings(Duration.ofMinutes(1), 100)), localDomains);
    }

    @Test
    void anActiveRegisteredBoxIsAccepted() throws Exception {
        assertThat(rcpt("dupont.jean@chu.localhost")).isEqualTo(HookResult.DECLINED);
        assertThat(Refusals.ruleGiven(session)).isNull();
    }

    @Test
    void aRegisteredPatientsBoxIsAccepted() throws Exception {
        assertThat(rcpt("146026322000196@patient.chu.localhost")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void anUnknownBoxIsRefused550With511AndTheRuleRecipientUnknown() throws Exception {
        HookResult result = rcpt("inconnu@chu.localhost");

        assertThat(result.getResult().getAction()).isEqualTo(HookReturnCode.Action.DENY);
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription())
            .isEqualTo("5.1.1 There is no box inconnu@chu.localhost on this operator; check the address in the health directory");
        assertThat(Refusals.ruleGiven(session)).isEqualTo("recipient-unknown");
    }

    @Test
    void anUnregisteredPatientIsRefused550With511AndAskedToCheckTheIns() throws Exception {
        HookResult result = rcpt("269029912345614@patient.chu.localhost");

        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).startsWith("5.1.1 No patient with INS 269029912345614 has a box here");
        assertThat(Refusals.ruleGiven(session)).isEqualTo("recipient-unknown-patient");
    }

    @Test
    void aSuspendedBoxIsRefused550With521() throws Exception {
        HookResult result = rcpt("ancien.poste@chu.localhost");

        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).startsWith("5.2.1 The box ancien.poste@chu.localhost is suspended");
        assertThat(Refusals.ruleGiven(session)).isEqualTo("recipient-suspended");
    }

    @Test
    void postmasterIsAlwaysAcceptedAsRfc5321Requires() throws Exception {
        assertThat(rcpt("PostMaster@chu.localhost")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void aRemoteRecipientIsLeftToTheTrustSpaceRule() throws Exception {
        assertThat(rcpt("inconnu@clinique.localhost")).isEqualTo(HookResult.DECLINED);
        assertThat(store.calls("box")).isZero();
    }

    @Test
    void aDirectoryThatCannotAnswerDefersTheRecipientWith451() throws Exception {
        doThrow(new DomainListException("LDAP down")).when(localDomains).containsDomain(any());

        HookResult result = rcpt("dupont.jean@chu.localhost");

        assertThat(result.getResult().getAction()).isEqualTo(HookReturnCode.Action.DENYSOFT);
        assertThat(result.getSmtpRetCode()).isEqualTo("451");
        assertThat(result.getSmtpDescription()).startsWith("4.4.3 ");
        assertThat(Refusals.ruleGiven(session)).isEqualTo("directory-unavailable");
    }

    private HookResult rcpt(String recipient) throws Exception {
        return hook.doRcpt(session, MaybeSender.getMailSender("dr.x@clinique.localhost"), new MailAddress(recipient));
    }

    private static Box box(String address, BoxStatus status) {
        return new Box(BoxAddress.parse(address), BoxType.PER, Optional.of(DOCTOR), Optional.of(CHU), Optional.empty(),
            Set.of(), false, status, CREATED, "Cardiologie", "");
    }
}
