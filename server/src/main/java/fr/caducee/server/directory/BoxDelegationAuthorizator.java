package fr.caducee.server.directory;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.Authorizator;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;

/**
 * Who may open a box other than the one they logged in with: a professional may open the ORG boxes of which they
 * are responsible or a member, and their own other PER and CAB boxes, with their own password. In IMAP this is
 * {@code AUTHENTICATE PLAIN} with the box as authorisation identity (RFC 4616):
 * {@code cardiologie@chu.example \0 dr.martin@chu.example \0 password}. Membership comes from the directory, so
 * removing a member there closes the door within the cache's freshness.
 */
public class BoxDelegationAuthorizator implements Authorizator {

    private final Directory directory;

    @Inject
    public BoxDelegationAuthorizator(Directory directory) {
        this.directory = directory;
    }

    @Override
    public AuthorizationState canLoginAsOtherUser(Username userId, Username otherUserId) {
        Optional<BoxAddress> login = DirectoryUsersDAO.address(userId);
        Optional<BoxAddress> target = DirectoryUsersDAO.address(otherUserId);
        if (target.isEmpty() || directory.account(target.get()).isEmpty()) {
            return AuthorizationState.UNKNOWN_USER;
        }
        if (login.isPresent() && directory.mayWriteAs(login.get(), target.get())) {
            return AuthorizationState.ALLOWED;
        }
        return AuthorizationState.FORBIDDEN;
    }

    @Override
    public Collection<Username> delegatedUsers(Username username) {
        return DirectoryUsersDAO.address(username)
            .flatMap(directory::findBox)
            .flatMap(Box::professional)
            .map(professional -> directory.boxesOf(professional).stream()
                .filter(Box::isActive)
                .map(box -> Username.of(box.address().address()))
                .filter(box -> !box.equals(username))
                .toList())
            .map(boxes -> (Collection<Username>) boxes)
            .orElse(List.of());
    }
}
