package dev.nativepack.core.jar.probe;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** Opens an in-memory SQLite database through the JDBC driver (its JNI library) and reads a row back. */
public final class SqliteProbe {
    private SqliteProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement s = c.createStatement()) {
            s.executeUpdate("create table t (x integer)");
            s.executeUpdate("insert into t values (41)");
            try (ResultSet r = s.executeQuery("select x + 1, sqlite_version() from t")) {
                r.next();
                System.out.println("OK " + r.getInt(1) + " sqlite " + r.getString(2));
            }
        }
    }
}
