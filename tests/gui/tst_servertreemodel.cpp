#include "connection/servertreemodel.h"
#include "inventory/inventorystore.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QtTest>

using gs::gui::ServerTreeModel;
using gs::inventory::Server;

class TestServerTreeModel : public QObject
{
    Q_OBJECT

private:
    static Server server(const QString &name, const QString &group)
    {
        Server s;
        s.name = name;
        s.address = name + QStringLiteral(".example.com");
        s.group = group;
        return s;
    }

    static QStringList layout(const ServerTreeModel &model)
    {
        QStringList rows;
        for (int g = 0; g < model.rowCount(); ++g) {
            const QModelIndex group = model.index(g, 0);
            QStringList names;
            for (int r = 0; r < model.rowCount(group); ++r)
                names.append(model.index(r, 0, group).data().toString());
            rows.append(group.data().toString() + QLatin1Char(':') + names.join(QLatin1Char(',')));
        }
        return rows;
    }

private Q_SLOTS:
    void groupsAndSortsAndPassesTheModelTester()
    {
        QTemporaryDir dir;
        gs::inventory::InventoryStore store(dir.filePath(QStringLiteral("inventory.json")));
        ServerTreeModel model(&store);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);

        QVERIFY(store.add(server(QStringLiteral("web10"), QStringLiteral("Shop"))).ok());
        QVERIFY(store.add(server(QStringLiteral("web9"), QStringLiteral("Shop"))).ok());
        QVERIFY(store.add(server(QStringLiteral("loose"), QString())).ok());
        QVERIFY(store.add(server(QStringLiteral("blog"), QStringLiteral("Customers"))).ok());
        // Named groups sorted, ungrouped servers last; numbers sort as numbers.
        QCOMPARE(layout(model),
                 QStringList({QStringLiteral("Customers:blog"),
                              QStringLiteral("Shop:web9,web10"),
                              QStringLiteral("Servers:loose")}));

        const QModelIndex web9 = model.indexForServer(QStringLiteral("web9"));
        QVERIFY(web9.isValid());
        QCOMPARE(model.serverName(web9), QStringLiteral("web9"));
        QCOMPARE(model.serverName(web9.parent()), QString());
        QVERIFY(!(model.flags(web9.parent()) & Qt::ItemIsSelectable));
        QCOMPARE(web9.parent().data(ServerTreeModel::ServerCountRole).toInt(), 2);

        // In-place change: dataChanged for that row only.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        Server::LastResult last;
        last.status = QStringLiteral("ok");
        last.worstSeverity = QStringLiteral("critical");
        last.summary = QStringLiteral("1 critical finding");
        last.time = QDateTime::currentDateTimeUtc();
        QVERIFY(store.setLastResult(QStringLiteral("web9"), last).ok());
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.indexForServer(QStringLiteral("web9"))
                         .data(ServerTreeModel::SeverityRole)
                         .toString(),
                 QStringLiteral("critical"));
        QCOMPARE(model.indexForServer(QStringLiteral("web9"))
                         .data(ServerTreeModel::LastResultRole)
                         .toString(),
                 QStringLiteral("1 critical finding"));

        model.setConnectionState(QStringLiteral("blog"),
                                 ServerTreeModel::ConnectionState::Connected);
        QCOMPARE(model.connectionState(QStringLiteral("blog")),
                 ServerTreeModel::ConnectionState::Connected);
        QCOMPARE(model.indexForServer(QStringLiteral("blog"))
                         .data(ServerTreeModel::ConnectionStateRole)
                         .toInt(),
                 int(ServerTreeModel::ConnectionState::Connected));

        // Moving a server to another group and removing the last of a group reshape the tree.
        Server moved = server(QStringLiteral("blog"), QStringLiteral("Shop"));
        QVERIFY(store.update(QStringLiteral("blog"), moved).ok());
        QCOMPARE(layout(model),
                 QStringList({QStringLiteral("Shop:blog,web9,web10"),
                              QStringLiteral("Servers:loose")}));
        QCOMPARE(model.connectionState(QStringLiteral("blog")),
                 ServerTreeModel::ConnectionState::Connected);
        QVERIFY(store.remove(QStringLiteral("loose")).ok());
        QCOMPARE(layout(model), QStringList({QStringLiteral("Shop:blog,web9,web10")}));
        QVERIFY(!model.indexForServer(QStringLiteral("loose")).isValid());
    }
};

QTEST_MAIN(TestServerTreeModel)
#include "tst_servertreemodel.moc"
