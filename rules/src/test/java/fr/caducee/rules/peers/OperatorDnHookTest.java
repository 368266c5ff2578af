package fr.caducee.rules.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.Test;

import fr.caducee.domain.directory.TrustedDomains;
import fr.caducee.domain.model.OperatorDn;

class OperatorDnHookTest {
    private static final String CHU = "CN=mx.chu-exemple.fr,OU=267500452,O=CHU Exemple,C=FR";
    private static final String MIPIH = "CN=medimail-asip.mipih.fr,OU=318310021300028,O=GIP MIPIH,ST=Haute-Garonne (31),C=FR";

    private final OperatorDnHook hook = new OperatorDnHook(new ListedOperators(Map.of(
        "chu-exemple.fr", Set.of(OperatorDn.parse(CHU)),
        "adsea29.mssante.fr", Set.of(OperatorDn.parse(" cn=Medimail-ASIP.mipih.fr, OU=318310021300028, O=\"GIP  MIPIH\","
            + " ST=Haute-Garonne (31), C=FR")),
        "clinique.fr", Set.of(OperatorDn.parse("CN=a.fr,C=FR"), OperatorDn.parse("CN=b.fr,C=FR"),
            OperatorDn.parse("CN=c.fr,C=FR"), OperatorDn.parse("CN=d.fr,C=FR"), OperatorDn.parse("CN=e.fr,C=FR")))));

    @Test
    void theOperatorListedForTheSendersDomainIsAccepted() throws Exception {
        assertThat(doMail(CHU, "cardiologie@chu-exemple.fr").getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void theOperatorOfADomainSendsForItsPatientSubdomain() throws Exception {
        assertThat(doMail(CHU, "146026322000196@patient.chu-exemple.fr").getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void aDnWrittenWithOtherSpacingCaseAndQuotesInTheListStillMatchesItsCertificate() throws Exception {
        assertThat(doMail(MIPIH, "secretariat@adsea29.mssante.fr").getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void anOperatorOfTheListSendingForADomainListedUnderAnotherDnIsRefusedNamingTheDomainAndBothDns() throws Exception {
        HookResult result = doMail(MIPIH, "cardiologie@chu-exemple.fr");

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).startsWith("5.7.1 The certificate CN=medimail-asip.mipih.fr")
            .contains("may not send for chu-exemple.fr").contains(CHU);
    }

    @Test
    void theExpectedOperatorsAreCappedToAFew() throws Exception {
        HookResult result = doMail(CHU, "accueil@clinique.fr");

        assertThat(result.getSmtpDescription()).contains("CN=a.fr,C=FR; CN=b.fr,C=FR; CN=c.fr,C=FR and 2 more")
            .doesNotContain("CN=d.fr");
    }

    @Test
    void aCertificateListedForNoDomainIsRefusedEvenForReceipts() {
        HookResult result = hook.doMail(sessionWith("CN=mx.inconnu.fr,O=Inconnu,C=FR"), MaybeSender.nullSender());

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpDescription()).startsWith("5.7.1").contains("CN=mx.inconnu.fr")
            .contains("not that of an operator of the national whitelist");
    }

    @Test
    void receiptsWithTheNullSenderAreAcceptedFromAnyListedOperator() {
        assertThat(hook.doMail(sessionWith(MIPIH), MaybeSender.nullSender()).getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void theWhitelistIsReadAgainAtEachMailFromOfAConnection() throws Exception {
        Map<String, Set<OperatorDn>> listed = new java.util.HashMap<>(Map.of("chu-exemple.fr", Set.of(OperatorDn.parse(CHU))));
        OperatorDnHook changing = new OperatorDnHook(new ListedOperators(listed));
        SMTPSession session = fr.caducee.rules.patients.FakeSmtpSession.mx(mock(javax.net.ssl.SSLSession.class));
        session.setAttachment(PeerCertificateHook.PEER, new PeerIdentity(CHU, "CN=IGC-Sante", "1f", List.of("mx.example"), true),
            ProtocolSession.State.Connection);
        MaybeSender sender = MaybeSender.of(new MailAddress("cardiologie@chu-exemple.fr"));
        assertThat(changing.doMail(session, sender).getResult()).isEqualTo(HookReturnCode.declined());

        listed.put("chu-exemple.fr", Set.of(OperatorDn.parse(MIPIH)));

        assertThat(changing.doMail(session, sender).getSmtpRetCode()).isEqualTo("550");
    }

    @Test
    void aSessionWithoutACheckedCertificateIsRefused() throws Exception {
        SMTPSession session = mock(SMTPSession.class);
        when(session.getAttachment(PeerCertificateHook.PEER, ProtocolSession.State.Connection)).thenReturn(Optional.empty());

        assertThat(hook.doMail(session, MaybeSender.of(new MailAddress("a@chu-exemple.fr"))).getSmtpRetCode()).isEqualTo("530");
    }

    private HookResult doMail(String subject, String sender) throws Exception {
        return hook.doMail(sessionWith(subject), MaybeSender.of(new MailAddress(sender)));
    }

    private static SMTPSession sessionWith(String subject) {
        SMTPSession session = mock(SMTPSession.class);
        PeerIdentity peer = new PeerIdentity(subject, "CN=IGC-Sante", "1f", List.of("mx.example"), true);
        when(session.getAttachment(PeerCertificateHook.PEER, ProtocolSession.State.Connection)).thenReturn(Optional.of(peer));
        return session;
    }

    /** The whitelist as the hook sees it: domains and their operators, patient. sub-domains included. */
    private record ListedOperators(Map<String, Set<OperatorDn>> operators) implements TrustedDomains {
        @Override
        public boolean isTrusted(String domain) {
            return !operatorsOf(domain).isEmpty();
        }

        @Override
        public Set<OperatorDn> operatorsOf(String domain) {
            String listed = domain.startsWith("patient.") ? domain.substring("patient.".length()) : domain;
            return operators.getOrDefault(domain, operators.getOrDefault(listed, Set.of()));
        }

        @Override
        public boolean isListedOperator(OperatorDn dn) {
            return operators.values().stream().anyMatch(set -> set.contains(dn));
        }
    }
}
