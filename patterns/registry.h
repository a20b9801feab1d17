#pragma once

#include "world/service.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace dplab {

/**
 * What this build implements: a factory per service role, plus the pattern switches and
 * workload operations it knows. Filled by an explicit call (registerBuiltins), never by
 * static self-registration.
 */
class PatternRegistry
{
public:
    using RoleFactory = std::function<std::unique_ptr<ServiceBehavior>(const ServiceSpec &)>;

    void registerRole(const std::string &role, RoleFactory factory);
    void registerPattern(const std::string &path); ///< "patterns.cqrs"
    void registerOperation(const std::string &operation);

    bool hasRole(const std::string &role) const { return m_roles.count(role) > 0; }
    bool hasPattern(const std::string &path) const;
    bool hasOperation(const std::string &operation) const;
    std::unique_ptr<ServiceBehavior> create(const ServiceSpec &spec) const;

private:
    std::map<std::string, RoleFactory> m_roles;
    std::vector<std::string> m_patterns;
    std::vector<std::string> m_operations;
};

/// Registers every role, pattern and operation this build implements.
void registerBuiltins(PatternRegistry &registry);

} // namespace dplab
