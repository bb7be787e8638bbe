package io.webops.nodes.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.nodes.sql.SqlConnector.Dialect;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The statements database_write builds for a table in each dialect: names quoted as the database
 * quotes them, every value a placeholder, the columns in placeholder order. MariaDB and PostgreSQL
 * run them for real in DatabaseNodesTest; SQL Server has no server in the tests, so its
 * statements are checked here only.
 */
class WriteSqlTest {

    private static final List<String> COLUMNS = List.of("sku", "qty", "order");

    @Test
    void insertQuotesNamesAsEachDatabaseDoes() {
        assertThat(WriteSql.of(Dialect.H2, true, "sales.stock", "insert", COLUMNS, List.of()))
                .isEqualTo(new WriteSql("INSERT INTO \"SALES\".\"STOCK\" (\"SKU\", \"QTY\", \"ORDER\") VALUES (?, ?, ?)", COLUMNS));
        assertThat(WriteSql.of(Dialect.POSTGRESQL, false, "Stock", "insert", COLUMNS, List.of()).sql())
                .isEqualTo("INSERT INTO \"stock\" (\"sku\", \"qty\", \"order\") VALUES (?, ?, ?)");
        assertThat(WriteSql.of(Dialect.MARIADB, false, "sales.Stock", "insert", COLUMNS, List.of()).sql())
                .isEqualTo("INSERT INTO `sales`.`Stock` (`sku`, `qty`, `order`) VALUES (?, ?, ?)");
        assertThat(WriteSql.of(Dialect.SQLSERVER, false, "dbo.Stock", "insert", COLUMNS, List.of()).sql())
                .isEqualTo("INSERT INTO [dbo].[Stock] ([sku], [qty], [order]) VALUES (?, ?, ?)");
    }

    @Test
    void updateSetsTheOtherColumnsWhereTheKeysMatchWithKeysBoundLast() {
        WriteSql maria = WriteSql.of(Dialect.MARIADB, false, "stock", "update", COLUMNS, List.of("sku"));
        WriteSql mssql = WriteSql.of(Dialect.SQLSERVER, false, "stock", "update", COLUMNS, List.of("sku"));

        assertThat(maria).isEqualTo(new WriteSql("UPDATE `stock` SET `qty` = ?, `order` = ? WHERE `sku` = ?", List.of("qty", "order", "sku")));
        assertThat(mssql).isEqualTo(new WriteSql("UPDATE [stock] SET [qty] = ?, [order] = ? WHERE [sku] = ?", List.of("qty", "order", "sku")));
    }

    @Test
    void upsertIsEachDatabasesOwnStatement() {
        List<String> key = List.of("sku");
        assertThat(WriteSql.of(Dialect.H2, true, "stock", "upsert", COLUMNS, key).sql())
                .isEqualTo("MERGE INTO \"STOCK\" (\"SKU\", \"QTY\", \"ORDER\") KEY (\"SKU\") VALUES (?, ?, ?)");
        assertThat(WriteSql.of(Dialect.POSTGRESQL, false, "stock", "upsert", COLUMNS, key).sql())
                .isEqualTo("INSERT INTO \"stock\" (\"sku\", \"qty\", \"order\") VALUES (?, ?, ?) ON CONFLICT (\"sku\")"
                        + " DO UPDATE SET \"qty\" = EXCLUDED.\"qty\", \"order\" = EXCLUDED.\"order\"");
        assertThat(WriteSql.of(Dialect.MARIADB, false, "stock", "upsert", COLUMNS, key).sql())
                .isEqualTo("INSERT INTO `stock` (`sku`, `qty`, `order`) VALUES (?, ?, ?)"
                        + " ON DUPLICATE KEY UPDATE `qty` = VALUES(`qty`), `order` = VALUES(`order`)");
        assertThat(WriteSql.of(Dialect.SQLSERVER, false, "dbo.stock", "upsert", COLUMNS, key))
                .isEqualTo(new WriteSql("MERGE INTO [dbo].[stock] WITH (HOLDLOCK) AS [target]"
                        + " USING (VALUES (?, ?, ?)) AS [source] ([sku], [qty], [order]) ON [target].[sku] = [source].[sku]"
                        + " WHEN MATCHED THEN UPDATE SET [target].[qty] = [source].[qty], [target].[order] = [source].[order]"
                        + " WHEN NOT MATCHED THEN INSERT ([sku], [qty], [order]) VALUES ([source].[sku], [source].[qty], [source].[order]);",
                        COLUMNS));
    }

    @Test
    void upsertOfKeyOnlyRowsInsertsNewKeysAndLeavesExistingRowsAlone() {
        List<String> keys = List.of("region", "sku");
        assertThat(WriteSql.of(Dialect.POSTGRESQL, false, "seen", "upsert", keys, keys).sql())
                .isEqualTo("INSERT INTO \"seen\" (\"region\", \"sku\") VALUES (?, ?) ON CONFLICT (\"region\", \"sku\") DO NOTHING");
        assertThat(WriteSql.of(Dialect.MARIADB, false, "seen", "upsert", keys, keys).sql())
                .isEqualTo("INSERT INTO `seen` (`region`, `sku`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `region` = `region`");
        assertThat(WriteSql.of(Dialect.SQLSERVER, false, "seen", "upsert", keys, keys).sql())
                .isEqualTo("MERGE INTO [seen] WITH (HOLDLOCK) AS [target] USING (VALUES (?, ?)) AS [source] ([region], [sku])"
                        + " ON [target].[region] = [source].[region] AND [target].[sku] = [source].[sku]"
                        + " WHEN NOT MATCHED THEN INSERT ([region], [sku]) VALUES ([source].[region], [source].[sku]);");
    }
}
