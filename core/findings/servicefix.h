#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace gs::findings {

// The service action that fixes a finding, as the check that raised it knows it: the FPM master
// that is not running, the application unit nginx sends requests to. Front ends offer it as is
// (the exact commands shown first); nothing reads it back out of evidence text. Plain value.
struct ServiceFix
{
    enum class Action { Start, Restart };

    QString service; // a ServiceControl name: "php-fpm", "nginx", "shop.service", "shop" (init.d)
    Action action = Action::Start;
    // Whether the service logs to the systemd journal (its last lines are shown first); an init
    // script's service names its log files instead.
    bool journal = false;
    QStringList logFiles;

    bool operator==(const ServiceFix &) const = default;

    // Start a service Gatescope knows by name ("nginx", "php-fpm").
    static ServiceFix start(const QString &service) { return {service, Action::Start, false, {}}; }

    // "service_fix" of a finding object (an extension of spec/cli.md's finding).
    QJsonObject toJson() const;
    static std::optional<ServiceFix> fromJson(const QJsonObject &object);
};

} // namespace gs::findings
