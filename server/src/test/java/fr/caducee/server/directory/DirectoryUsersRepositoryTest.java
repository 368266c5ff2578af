package fr.caducee.server.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.user.api.model.User;
import org.junit.jupiter.api.Test;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.Decision;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

class DirectoryUsersRepositoryTest {
    static final Username PATIENT = Username.of("146026322000196@patient.caducee.localhost");
    static final Username UNKNOWN_PATIENT = Username.of("279035121518989@patient.caducee.localhost");
    static final Username DOCTOR = Username.of("dr.durand@caducee.localhost");

    private final DirectoryUsersDAO accounts = mock(DirectoryUsersDAO.class);
    private final User account = mock(User.class);
    private final List<AuditRecord> trail = new ArrayList<>();

    DirectoryUsersRepositoryTest() {
        when(accounts.getDefaultVirtualHostingValue()).thenReturn(true);
        when(account.verifyPassword(any())).thenReturn(true);
        when(accounts.getUserByName(any())).thenAnswer(call -> Optional.of(account));
    }

    @Test
    void byDefaultAPatientsPasswordIsRefusedWithoutBeingChecked() throws Exception {
        DirectoryUsersRepository users = repository(Settings.of(Map.of()));

        assertThat(users.test(PATIENT, "the right password")).isFalse();
        verify(account, never()).verifyPassword(any());
    }

    @Test
    void anAddressAtAPatientDomainIsRefusedTheSameWayWhetherOrNotThePatientExists() throws Exception {
        DirectoryUsersRepository users = repository(Settings.of(Map.of()));

        assertThat(users.refusesPassword(PATIENT)).isTrue();
        assertThat(users.refusesPassword(UNKNOWN_PATIENT)).isTrue();
        assertThat(users.refusesPassword(DOCTOR)).isFalse();
    }

    @Test
    void theRefusalIsAuditedWithItsRuleAndTheLogin() throws Exception {
        repository(Settings.of(Map.of())).test(PATIENT, "the right password");

        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.REFUSED);
            assertThat(record.rule()).isEqualTo("patient-mail-client");
            assertThat(record.login()).isEqualTo(PATIENT.asString());
            assertThat(record.toString()).doesNotContain("the right password");
        });
    }

    @Test
    void aProfessionalsPasswordIsCheckedByTheDirectory() throws Exception {
        assertThat(repository(Settings.of(Map.of())).test(DOCTOR, "password")).isTrue();
        verify(account).verifyPassword("password");
        assertThat(trail).isEmpty();
    }

    @Test
    void theOperatorMayLetPatientsPasswordsThrough() throws Exception {
        DirectoryUsersRepository users = repository(Settings.of(
            Map.of(Setting.PATIENTS_MAIL_CLIENTS, "true")));

        assertThat(users.refusesPassword(PATIENT)).isFalse();
        assertThat(users.test(PATIENT, "password")).isTrue();
        assertThat(trail).isEmpty();
    }

    private DirectoryUsersRepository repository(Settings settings) {
        return new DirectoryUsersRepository(mock(DomainList.class), accounts, settings, trail::add);
    }
}
