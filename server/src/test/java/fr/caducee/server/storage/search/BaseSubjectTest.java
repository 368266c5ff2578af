package fr.caducee.server.storage.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 5256 2.1: the base subject, by which SORT SUBJECT orders and THREAD groups. */
class BaseSubjectTest {
    @Test
    void repliesAndForwardsLoseTheirLeadersAndTrailers() {
        assertThat(BaseSubject.of("Re: Bilan sanguin")).isEqualTo(new BaseSubject("BILAN SANGUIN", true));
        assertThat(BaseSubject.of("RE: Fwd: re[2]: Bilan sanguin")).isEqualTo(new BaseSubject("BILAN SANGUIN", true));
        assertThat(BaseSubject.of("Bilan sanguin (fwd)")).isEqualTo(new BaseSubject("BILAN SANGUIN", true));
        assertThat(BaseSubject.of("[Fwd: Re: Bilan sanguin]")).isEqualTo(new BaseSubject("BILAN SANGUIN", true));
    }

    @Test
    void aListTagIsRemovedUnlessItIsTheWholeSubject() {
        assertThat(BaseSubject.of("[equipe-soins] Re: Garde")).isEqualTo(new BaseSubject("GARDE", true));
        assertThat(BaseSubject.of("[equipe-soins]")).isEqualTo(new BaseSubject("[EQUIPE-SOINS]", false));
    }

    @Test
    void anOriginalSubjectIsOnlyDecodedAndFolded() {
        assertThat(BaseSubject.of("=?UTF-8?Q?R=C3=A9sultats?=  de\tbiologie  "))
            .isEqualTo(new BaseSubject("RÉSULTATS DE BIOLOGIE", false));
        assertThat(BaseSubject.of(null)).isEqualTo(new BaseSubject("", false));
    }
}
