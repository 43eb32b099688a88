package it.sqlite;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** Opens a database through sqlite-jdbc's native library and prints what it stored and read back. */
public class App {
    public static void main(String[] args) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite::memory:");
             Statement sql = db.createStatement()) {
            sql.executeUpdate("create table t (word text)");
            sql.executeUpdate("insert into t values ('pruned')");
            try (ResultSet row = sql.executeQuery("select word, sqlite_version() from t")) {
                row.next();
                System.out.println("read " + row.getString(1) + " with sqlite " + row.getString(2));
            }
        }
    }
}
