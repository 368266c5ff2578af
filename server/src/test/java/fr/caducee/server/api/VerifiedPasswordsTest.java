package fr.caducee.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.model.BoxAddress;

class VerifiedPasswordsTest {
    private static final BoxAddress LOGIN = BoxAddress.parse("dr.martin@chu.localhost");
    private final Directory directory = mock(Directory.class);
    private final VerifiedPasswords passwords = new VerifiedPasswords(directory);

    @Test
    void aPasswordThatSucceededIsNotCheckedAgainstTheDirectoryAtTheNextRequest() {
        when(directory.authenticate(LOGIN, "right")).thenReturn(true);

        assertThat(passwords.matches(LOGIN, "right")).isTrue();
        assertThat(passwords.matches(LOGIN, "right")).isTrue();

        verify(directory, times(1)).authenticate(any(), anyString());
    }

    @Test
    void aFailedPasswordIsAskedOfTheDirectoryEveryTimeAndNeverRemembered() {
        when(directory.authenticate(eq(LOGIN), anyString())).thenReturn(false);

        assertThat(passwords.matches(LOGIN, "wrong")).isFalse();
        assertThat(passwords.matches(LOGIN, "wrong")).isFalse();

        verify(directory, times(2)).authenticate(LOGIN, "wrong");
    }

    @Test
    void anotherPasswordForABoxWhoseRightOneIsRememberedIsStillRefused() {
        when(directory.authenticate(LOGIN, "right")).thenReturn(true);
        when(directory.authenticate(LOGIN, "guess")).thenReturn(false);

        assertThat(passwords.matches(LOGIN, "right")).isTrue();
        assertThat(passwords.matches(LOGIN, "guess")).isFalse();
        assertThat(passwords.matches(LOGIN, "right")).isTrue();

        verify(directory, times(1)).authenticate(LOGIN, "guess");
    }

    @Test
    void theSamePasswordForAnotherBoxIsCheckedForThatBox() {
        BoxAddress other = BoxAddress.parse("dr.durand@chu.localhost");
        when(directory.authenticate(LOGIN, "shared")).thenReturn(true);
        when(directory.authenticate(other, "shared")).thenReturn(false);

        assertThat(passwords.matches(LOGIN, "shared")).isTrue();
        assertThat(passwords.matches(other, "shared")).isFalse();
    }
}
