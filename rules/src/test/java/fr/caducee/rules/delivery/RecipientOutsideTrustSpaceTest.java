package fr.caducee.rules.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.caducee.rules.recipients.TrustSpaceMembership;

class RecipientOutsideTrustSpaceTest {
    private final DomainList localDomains = mock(DomainList.class);
    /** The whitelist as it is at delivery time: clinique.localhost still listed, ancienne.localhost no longer. */
    private final RecipientOutsideTrustSpace matcher =
        new RecipientOutsideTrustSpace(new TrustSpaceMembership(localDomains, domain -> domain.equals("clinique.localhost")));

    @BeforeEach
    void init() throws Exception {
        when(localDomains.containsDomain(any())).thenAnswer(call -> call.<Domain>getArgument(0).asString().equals("chu.localhost"));
        matcher.init(FakeMatcherConfig.builder().matcherName("RecipientOutsideTrustSpace").build());
    }

    @Test
    void recipientsOfADomainNoLongerWhitelistedAreMatchedSoNothingLeavesTheTrustSpace() throws Exception {
        assertThat(matcher.match(mail())).containsExactly(new MailAddress("dr.x@ancienne.localhost"));
    }

    @Test
    void recipientsServedHereOrWhitelistedAreNotMatched() throws Exception {
        Mail mail = FakeMail.builder().name("m").recipients("a@chu.localhost", "b@clinique.localhost").build();

        assertThat(matcher.match(mail)).isEmpty();
    }

    @Test
    void whenTheLocalDomainsCannotBeReadEveryRecipientIsTreatedAsOutside() throws Exception {
        doThrow(new DomainListException("unreadable")).when(localDomains).containsDomain(any());

        assertThat(matcher.match(mail())).hasSize(3);
    }

    private static Mail mail() throws Exception {
        return FakeMail.builder().name("m")
            .recipients("a@chu.localhost", "b@clinique.localhost", "dr.x@ancienne.localhost").build();
    }
}
