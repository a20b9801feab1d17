#include "patterns/domain/shopschema.h"

#include "simulation/kernel/rng.h"

#include <array>

namespace dplab {

namespace {

constexpr std::array<const char *, 16> kFirst = {"Ada",   "Bola", "Chen", "Dara",  "Emil", "Farah",
                                                 "Goran", "Hana", "Ines", "Jonas", "Kemi", "Luis",
                                                 "Mira",  "Noor", "Omar", "Priya"};
constexpr std::array<const char *, 16> kLast = {
    "Okafor", "Lindqvist", "Moreau",  "Tanaka", "Silva",  "Novak",  "Haddad", "Kowalski",
    "Mensah", "Rossi",     "Ivanova", "Park",   "Nguyen", "Dubois", "Ortiz",  "Byrne"};
constexpr std::array<const char *, 12> kAdjective = {"Blue",   "Quiet", "Sturdy", "Tiny",
                                                     "Smart",  "Retro", "Bright", "Folding",
                                                     "Woolen", "Steel", "Cedar",  "Paper"};
constexpr std::array<const char *, 12> kNoun = {"Mug",      "Lamp",     "Chair", "Kettle",
                                                "Backpack", "Notebook", "Clock", "Scarf",
                                                "Teapot",   "Speaker",  "Stool", "Umbrella"};
constexpr std::array<const char *, 3> kTiers = {"bronze", "silver", "gold"};

Rng entityRng(std::uint64_t seed, const char *kind, std::int64_t id)
{
    return Rng::stream(seed, std::string("domain/") + kind + "/" + std::to_string(id));
}

} // namespace

std::vector<std::string> ShopSchema::tablesOf(const std::string &role)
{
    if (role == "customers")
        return {"customers"};
    if (role == "products")
        return {"products"};
    if (role == "inventory")
        return {"inventory"};
    if (role == "orders")
        return {"orders"};
    if (role == "payments")
        return {"accounts", "payments"};
    if (role == "shipping")
        return {"shipments"};
    if (role == "gateway")
        return {"cache"};
    if (role == "order-view")
        return {"order_summary", "customer_totals"};
    return {};
}

std::string ShopSchema::ownerOf(const std::string &table)
{
    for (const char *role : {"customers", "products", "inventory", "orders", "payments", "shipping",
                             "gateway", "order-view"})
        for (const auto &t : tablesOf(role))
            if (t == table)
                return role;
    return {};
}

void ShopSchema::create(Database &db, const std::string &role)
{
    if (role == "customers")
        db.exec("CREATE TABLE IF NOT EXISTS customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                " email TEXT NOT NULL, tier TEXT NOT NULL, version INTEGER NOT NULL)");
    else if (role == "products")
        db.exec("CREATE TABLE IF NOT EXISTS products (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                " price INTEGER NOT NULL, version INTEGER NOT NULL)");
    else if (role == "inventory")
        db.exec("CREATE TABLE IF NOT EXISTS inventory (product_id INTEGER PRIMARY KEY,"
                " available INTEGER NOT NULL CHECK (available >= 0),"
                " reserved INTEGER NOT NULL CHECK (reserved >= 0), version INTEGER NOT NULL)");
    else if (role == "orders")
        db.exec("CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, customer_id INTEGER "
                "NOT NULL,"
                " product_id INTEGER NOT NULL, qty INTEGER NOT NULL, total INTEGER NOT NULL,"
                " status TEXT NOT NULL, version INTEGER NOT NULL)");
    else if (role == "payments") {
        db.exec("CREATE TABLE IF NOT EXISTS accounts (customer_id INTEGER PRIMARY KEY,"
                " balance INTEGER NOT NULL, version INTEGER NOT NULL)");
        db.exec("CREATE TABLE IF NOT EXISTS payments (id INTEGER PRIMARY KEY, order_id INTEGER NOT "
                "NULL,"
                " customer_id INTEGER NOT NULL, amount INTEGER NOT NULL, status TEXT NOT NULL,"
                " version INTEGER NOT NULL)");
    } else if (role == "shipping")
        db.exec("CREATE TABLE IF NOT EXISTS shipments (id INTEGER PRIMARY KEY, order_id INTEGER "
                "NOT NULL,"
                " customer_id INTEGER NOT NULL, status TEXT NOT NULL, version INTEGER NOT NULL)");
    else if (role == "gateway")
        db.exec("CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value TEXT NOT NULL,"
                " stored_us INTEGER NOT NULL, expires_us INTEGER NOT NULL)");
    else if (role == "order-view") {
        // Denormalized for reading: one row answers an order page with no join and no call.
        db.exec("CREATE TABLE IF NOT EXISTS order_summary (order_id INTEGER PRIMARY KEY,"
                " customer_id INTEGER NOT NULL, customer_name TEXT NOT NULL,"
                " product_id INTEGER NOT NULL, product_name TEXT NOT NULL, qty INTEGER NOT NULL,"
                " total INTEGER NOT NULL, status TEXT NOT NULL, version INTEGER NOT NULL,"
                " updated_us INTEGER NOT NULL)");
        db.exec("CREATE INDEX IF NOT EXISTS order_summary_customer ON order_summary (customer_id)");
        db.exec("CREATE TABLE IF NOT EXISTS customer_totals (customer_id INTEGER PRIMARY KEY,"
                " orders INTEGER NOT NULL, spent INTEGER NOT NULL, paid INTEGER NOT NULL)");
        // Reference data the projection joins with, loaded once (names never change here).
        db.exec("CREATE TABLE IF NOT EXISTS customer_names (id INTEGER PRIMARY KEY, name TEXT NOT "
                "NULL)");
        db.exec("CREATE TABLE IF NOT EXISTS product_names (id INTEGER PRIMARY KEY, name TEXT NOT "
                "NULL)");
    }
}

std::string ShopSchema::customerName(std::int64_t id, std::uint64_t seed)
{
    Rng r = entityRng(seed, "customer", id);
    // Two draws in one expression would be taken in whichever order the compiler evaluates
    // operands (GCC right to left, Clang left to right): sequence them, in GCC's order, which
    // every recorded fingerprint was made with.
    const char *last = kLast[r.below(kLast.size())];
    const char *first = kFirst[r.below(kFirst.size())];
    return std::string(first) + " " + last;
}

std::string ShopSchema::customerTier(std::int64_t id, std::uint64_t seed)
{
    Rng r = entityRng(seed, "tier", id);
    return kTiers[r.below(kTiers.size())];
}

std::string ShopSchema::productName(std::int64_t id, std::uint64_t seed)
{
    Rng r = entityRng(seed, "product", id);
    const char *noun = kNoun[r.below(kNoun.size())]; // sequenced, as in customerName()
    const char *adjective = kAdjective[r.below(kAdjective.size())];
    return std::string(adjective) + " " + noun;
}

std::int64_t ShopSchema::productPrice(std::int64_t id, std::uint64_t seed)
{
    Rng r = entityRng(seed, "price", id);
    return 199 + static_cast<std::int64_t>(r.below(9801)); // 1.99 .. 99.99
}

ShopSchema::SeedOrder ShopSchema::seedOrder(std::int64_t customer, const DomainSpec &domain,
                                            std::uint64_t seed)
{
    Rng r = entityRng(seed, "order", customer);
    SeedOrder o;
    o.product = 1 + static_cast<std::int64_t>(r.below(static_cast<std::uint64_t>(domain.products)));
    o.qty = 1 + static_cast<std::int64_t>(r.below(3));
    o.total = o.qty * productPrice(o.product, seed);
    return o;
}

void ShopSchema::seedTransaction(Database &db, const std::function<void()> &fill)
{
    const bool capture = db.captureChangesets();
    db.setCaptureChangesets(false);
    db.begin();
    try {
        fill();
        db.commit();
    } catch (...) {
        db.rollback();
        db.setCaptureChangesets(capture);
        throw;
    }
    db.setCaptureChangesets(capture);
}

void ShopSchema::seedOrderView(Database &db, const DomainSpec &domain, std::uint64_t seed,
                               bool withNames)
{
    if (withNames) {
        Statement &c =
            db.prepare("INSERT OR REPLACE INTO customer_names (id, name) VALUES (?1, ?2)");
        for (std::int64_t id = 1; id <= domain.customers; ++id)
            c.bind(1, id).bind(2, customerName(id, seed)).run();
        Statement &p =
            db.prepare("INSERT OR REPLACE INTO product_names (id, name) VALUES (?1, ?2)");
        for (std::int64_t id = 1; id <= domain.products; ++id)
            p.bind(1, id).bind(2, productName(id, seed)).run();
    }
    // The read side starts in step with the orders' seed: one delivered order per customer.
    Statement &s = db.prepare(
        "INSERT INTO order_summary (order_id, customer_id, customer_name, product_id, product_name,"
        " qty, total, status, version, updated_us) VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, "
        "'delivered', 1, 0)");
    Statement &t = db.prepare(
        "INSERT INTO customer_totals (customer_id, orders, spent, paid) VALUES (?1, 1, ?2, 0)");
    for (std::int64_t id = 1; id <= domain.customers; ++id) {
        const SeedOrder o = seedOrder(id, domain, seed);
        s.bind(1, id)
            .bind(2, customerName(id, seed))
            .bind(3, o.product)
            .bind(4, productName(o.product, seed))
            .bind(5, o.qty)
            .bind(6, o.total)
            .run();
        t.bind(1, id).bind(2, o.total).run();
    }
}

void ShopSchema::seed(Database &db, const std::string &role, const DomainSpec &domain,
                      std::uint64_t seed)
{
    seedTransaction(db, [&] {
        if (role == "customers") {
            Statement &s = db.prepare("INSERT INTO customers (id, name, email, tier, version)"
                                      " VALUES (?1, ?2, ?3, ?4, 1)");
            for (std::int64_t id = 1; id <= domain.customers; ++id) {
                const std::string name = customerName(id, seed);
                std::string email;
                for (char c : name)
                    email += c == ' ' ? '.' : static_cast<char>(c | 0x20);
                email += std::to_string(id) + "@example.com";
                s.bind(1, id).bind(2, name).bind(3, email).bind(4, customerTier(id, seed)).run();
            }
        } else if (role == "products") {
            Statement &s = db.prepare(
                "INSERT INTO products (id, name, price, version) VALUES (?1, ?2, ?3, 1)");
            for (std::int64_t id = 1; id <= domain.products; ++id)
                s.bind(1, id).bind(2, productName(id, seed)).bind(3, productPrice(id, seed)).run();
        } else if (role == "inventory") {
            Statement &s =
                db.prepare("INSERT INTO inventory (product_id, available, reserved, version)"
                           " VALUES (?1, ?2, 0, 1)");
            for (std::int64_t id = 1; id <= domain.products; ++id)
                s.bind(1, id).bind(2, static_cast<std::int64_t>(domain.stock)).run();
        } else if (role == "orders") {
            // One earlier order per customer, so order lookups have something to find at t = 0.
            Statement &s = db.prepare(
                "INSERT INTO orders (id, customer_id, product_id, qty, total, status, version)"
                " VALUES (?1, ?2, ?3, ?4, ?5, 'delivered', 1)");
            for (std::int64_t id = 1; id <= domain.customers; ++id) {
                const SeedOrder o = seedOrder(id, domain, seed);
                s.bind(1, id).bind(2, id).bind(3, o.product).bind(4, o.qty).bind(5, o.total).run();
            }
        } else if (role == "order-view") {
            seedOrderView(db, domain, seed, true);
        } else if (role == "payments") {
            Statement &s = db.prepare(
                "INSERT INTO accounts (customer_id, balance, version) VALUES (?1, ?2, 1)");
            for (std::int64_t id = 1; id <= domain.customers; ++id)
                s.bind(1, id).bind(2, kInitialBalance).run();
        }
    });
}

} // namespace dplab
