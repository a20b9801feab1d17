#pragma once

// The scenario loader's readers: used by scenarioloader*.cpp and by the pattern modules
// (patterns/), which read their own part of "patterns" with them.

#include "simulation/scenario/jsondocument.h"
#include "simulation/scenario/scenarioloader.h"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace dplab::loader {

using Json = nlohmann::ordered_json;
using KeyList = std::vector<std::string_view>;

enum class DurationRule { NonNegative, Positive };

/** What the parts of the loader share (and the pattern modules, for their sections): the document,
 * the errors so far, and the facts that cross-references need (which services exist, how long the
 * run is). */
class LoaderContext
{
public:
    LoaderContext(const JsonDocument &doc, std::string file, const ScenarioVocabulary &vocabulary);

    /// The roles and patterns the loader knows (from the layers above).
    const ScenarioVocabulary &vocabulary() const { return m_vocabulary; }

    /// Reports a problem with the value at path (positioned at that value).
    void error(const std::string &path, std::string message);
    /// Reports a problem with the key of the member at path (positioned at the key).
    void errorAtKey(const std::string &path, std::string message);
    /// Reports a problem at an explicit position (the parser's duplicate keys).
    void report(SourcePos pos, const std::string &path, std::string message);
    std::vector<LoadError> takeErrors();
    bool hasErrors() const { return !m_errors.empty(); }
    /// True once enough errors were collected that further ones would be dropped.
    bool full() const;
    /// Where the value at path is in the file; {0, 0} when it came from an override.
    SourcePos pos(const std::string &path) const;

    /// Says that the values within path (o's own path, or the outermost member o created) were
    /// given by the override o, not read from the file: errors there name the --set instead of
    /// a position. Later calls take precedence.
    void addOverride(const ScenarioOverride &o, std::string path);

    /// Services declared in the file (valid or not), once "services" has been read; until then,
    /// and when "services" is unusable, references to services are not checked.
    void setServiceNames(std::vector<std::string> valid, std::set<std::string> declared);
    bool servicesKnown() const { return m_servicesKnown; }
    /// Checks that name is a declared service; reports "unknown service" with a hint if not.
    bool checkServiceRef(const std::string &name, const std::string &path,
                         std::string_view what = {});

    void setRunDuration(std::optional<SimTime> duration) { m_runDuration = duration; }
    std::optional<SimTime> runDuration() const { return m_runDuration; }

    // Value readers: each returns the value, or reports why it is wrong and returns nothing.
    std::optional<std::string> string(const Json &v, const std::string &path);
    std::optional<std::string> nonEmptyString(const Json &v, const std::string &path);
    std::optional<bool> boolean(const Json &v, const std::string &path);
    std::optional<double> number(const Json &v, const std::string &path);
    std::optional<std::int64_t> integer(const Json &v, const std::string &path, std::int64_t min,
                                        std::int64_t max);
    std::optional<double> probability(const Json &v, const std::string &path);
    std::optional<SimTime> duration(const Json &v, const std::string &path, DurationRule rule);
    std::optional<Distribution> distribution(const Json &v, const std::string &path);
    /// Index of v in names, or reports "unknown <noun> "x"; did you mean ...".
    std::optional<std::size_t> choice(const Json &v, const std::string &path, std::string_view noun,
                                      const KeyList &names);
    /// An array (reports otherwise); when longer than limit, reports it and returns nothing.
    const Json *array(const Json &v, const std::string &path, std::size_t limit,
                      std::string_view itemNoun);

private:
    struct Override
    {
        std::string path;    ///< what the override wrote
        std::string setPath; ///< the override's own path, as the loader writes paths
        std::string shownAs; ///< the override's path as the user typed it
    };
    const Override *overrideAt(const std::string &path) const;
    LoadError located(const std::string &path, SourcePos filePos, std::string message) const;

    const JsonDocument &m_doc;
    std::string m_file;
    const ScenarioVocabulary &m_vocabulary;
    std::vector<LoadError> m_errors;
    std::vector<Override> m_overrides;
    bool m_servicesKnown = false;
    std::vector<std::string> m_validServices;
    std::set<std::string> m_declaredServices;
    std::optional<SimTime> m_runDuration;
};

/** Reads the members of one JSON object by key, reporting unknown and missing keys. */
class ObjectReader
{
public:
    /// Reports "expected an object" when value is not one; valid() is then false.
    ObjectReader(LoaderContext &ctx, const Json &value, std::string path);

    bool valid() const { return m_object != nullptr; }
    const std::string &path() const { return m_path; }
    bool has(std::string_view key) const { return get(key) != nullptr; }
    const Json *get(std::string_view key) const;
    std::string pathOf(std::string_view key) const;

    /// Reports every key not in allowed; keys in otherKnown get "does not apply to <context>",
    /// the others a "did you mean" hint against allowed.
    void allowOnly(const KeyList &allowed, const KeyList &otherKnown = {},
                   const std::string &context = {});
    /// Reports a missing key at the object; reason is added in parentheses.
    bool require(std::string_view key, const std::string &reason = {});

    // Each assigns out and returns true only when key is present and its value valid.
    bool readString(std::string_view key, std::string &out);
    bool readNonEmptyString(std::string_view key, std::string &out);
    bool readBool(std::string_view key, bool &out);
    bool readNumber(std::string_view key, double &out);
    bool readProbability(std::string_view key, double &out);
    bool readDuration(std::string_view key, SimTime &out, DurationRule rule);
    bool readDistribution(std::string_view key, Distribution &out);

    template <class T>
    bool readInteger(std::string_view key, T &out, std::int64_t min, std::int64_t max)
    {
        const Json *v = get(key);
        if (!v)
            return false;
        const auto n = m_ctx.integer(*v, pathOf(key), min, max);
        if (n)
            out = static_cast<T>(*n);
        return n.has_value();
    }

    template <class E>
    bool
    readEnum(std::string_view key, E &out, std::string_view noun,
             std::initializer_list<std::pair<std::string_view, std::type_identity_t<E>>> choices)
    {
        const Json *v = get(key);
        if (!v)
            return false;
        KeyList names;
        for (const auto &c : choices)
            names.push_back(c.first);
        const auto index = m_ctx.choice(*v, pathOf(key), noun, names);
        if (index)
            out = (choices.begin() + *index)->second;
        return index.has_value();
    }

private:
    LoaderContext &m_ctx;
    const Json *m_object = nullptr;
    std::string m_path;
};

/** The keys each kind of object accepts: the one list the readers check against (and that the
 *  tests compare with scenarios/schema.json). */
struct KnownKeys
{
    static const KeyList root;
    static const KeyList service;
    static const KeyList network;
    static const KeyList link;
    static const KeyList bus;
    static const KeyList domain;
    static const KeyList workload; ///< including "target" (request) and "topic" (publish)
    static const KeyList keys;
    static const KeyList fault; ///< every kind's keys together
    static const KeyList narrative;
    static const KeyList narrativeTry;
    static const KeyList narrativeEvidence;
    static const KeyList expect;
    static const KeyList distribution; ///< every kind's keys together
    static const KeyList run;
    static const KeyList intervention;
    static const KeyList bookmark;
};

/// The text as a JSON string for messages, cut when long: "\"orders\"".
std::string quoteText(std::string_view text);
/// "24h", "90s", "250ms": readable form of a duration for messages.
std::string durationText(SimTime t);
/// The rule for topic names, as the start of an error message.
inline constexpr const char *kTopicRule =
    "expected a topic name: a lowercase letter, then up to 63 lowercase letters, digits, \"_\", "
    "\".\" or \"-\"";
bool isServiceName(std::string_view name);
bool isTopicName(std::string_view name);
bool isSqlIdentifier(std::string_view name);

// The parts of the file, one reader each (scenarioloader*.cpp).
void readServices(LoaderContext &ctx, const Json &value, Scenario &scenario);
void readNetwork(LoaderContext &ctx, const Json &value, Scenario &scenario);
void readBus(LoaderContext &ctx, const Json &value, Scenario &scenario);
void readDomain(LoaderContext &ctx, const Json &value, Scenario &scenario);
void readWorkload(LoaderContext &ctx, const Json &value, Scenario &scenario);
void readFaults(LoaderContext &ctx, const Json &value, Scenario &scenario);
void readNarrative(LoaderContext &ctx, const Json &value, Scenario &scenario);
void readRun(LoaderContext &ctx, const Json &value, Scenario &scenario);
/// One fault object (of "faults", or of an intervention in "run").
FaultSpec readFault(LoaderContext &ctx, const Json &v, const std::string &path);

} // namespace dplab::loader
