#pragma once

#include "service/SnapshotService.h"

namespace livesnap::test {

// A job on `input` (or a plain `url`) with the template, writing into a local folder (the default
// one unless `bucket` names another).
inline JobSpec localJobSpec(const QString &templateId, const QString &name,
                            const StreamInput &input,
                            const QString &bucket = QStringLiteral("default"))
{
    JobSpec spec;
    spec.jobName = name;
    spec.templateId = templateId;
    spec.streamInput = input;
    spec.snapshotOutput = SnapshotOutput{QStringLiteral("local"), QString(), bucket};
    return spec;
}

inline JobSpec localJobSpec(const QString &templateId, const QString &name, const QString &url,
                            const QString &bucket = QStringLiteral("default"))
{
    StreamInput input;
    input.url = url;
    return localJobSpec(templateId, name, input, bucket);
}

// Submits a job on `input` (or a plain `url`) with the template, into the default local folder, and
// starts it: its id, or an empty string when either step was refused.
inline QString startLocalJob(SnapshotService &service, const QString &templateId,
                             const QString &name, const StreamInput &input)
{
    auto id = service.submitLiveSnapshotJob(localJobSpec(templateId, name, input));
    if (!id || !service.sendLiveSnapshotJobCommand(*id, QStringLiteral("start"))) {
        return QString();
    }
    return *id;
}

inline QString startLocalJob(SnapshotService &service, const QString &templateId,
                             const QString &name, const QString &url)
{
    StreamInput input;
    input.url = url;
    return startLocalJob(service, templateId, name, input);
}

} // namespace livesnap::test
