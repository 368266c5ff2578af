package fr.caducee.server.directory;

import java.util.Iterator;
import java.util.Optional;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.user.api.model.User;
import org.apache.james.user.lib.UsersDAO;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.store.DirectoryStore;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.Patient;

/**
 * James's user accounts are the directory's boxes: a login is a box address (PER, ORG, APP, CAB) or a patient's
 * address, checked against the hashed password stored in the directory. Accounts are created through the
 * directory's administration (a box needs a type and an owner), not through James's {@code /users} route.
 */
public class DirectoryUsersDAO implements UsersDAO {

    private final Directory directory;
    private final DirectoryStore store;
    private final DirectoryPasswords passwords;

    @Inject
    public DirectoryUsersDAO(Directory directory, DirectoryStore store, DirectoryPasswords passwords) {
        this.directory = directory;
        this.store = store;
        this.passwords = passwords;
    }

    @Override
    public boolean getDefaultVirtualHostingValue() {
        return true;
    }

    @Override
    public Optional<? extends User> getUserByName(Username name) {
        return address(name)
            .filter(address -> directory.account(address).isPresent())
            .map(address -> new DirectoryUser(name, address, directory, passwords));
    }

    @Override
    public void updateUser(User user) throws UsersRepositoryException {
        // DirectoryUser.setPassword already wrote the new hash; nothing else of an account is held by James.
        if (!(user instanceof DirectoryUser)) {
            throw new UsersRepositoryException("Only directory accounts can be updated");
        }
    }

    @Override
    public void removeUser(Username name) throws UsersRepositoryException {
        throw new UsersRepositoryException("Boxes are suspended through /directory/boxes, never removed: "
            + name.asString() + " was kept");
    }

    @Override
    public boolean contains(Username name) {
        return address(name).flatMap(directory::account).isPresent();
    }

    @Override
    public int countUsers() {
        return (int) Math.min(Integer.MAX_VALUE, store.countBoxes());
    }

    @Override
    public Iterator<Username> list() {
        return Stream.concat(
                DirectoryPages.all(after -> store.boxes(after, 1000), Box::address).map(Box::address),
                DirectoryPages.all(after -> store.patients(after, 1000), Patient::ins).map(Patient::boxAddress))
            .map(address -> Username.of(address.address()))
            .iterator();
    }

    @Override
    public void addUser(Username username, String password) throws UsersRepositoryException {
        throw new UsersRepositoryException("Create boxes through /directory/boxes (a box needs a type and an owner); "
            + username.asString() + " was not created");
    }

    static Optional<BoxAddress> address(Username name) {
        try {
            return Optional.of(BoxAddress.parse(name.asString()));
        } catch (InvalidIdentifierException e) {
            return Optional.empty();
        }
    }
}
