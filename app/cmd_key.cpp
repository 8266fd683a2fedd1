// `lnstore key info|derive`: public facts of the wallet root key, never a
// private key.
#include <filesystem>
#include <memory>

#include "app/commands.hpp"
#include "app/run_command.hpp"
#include "core/backup/backup_cipher.hpp"
#include "core/channels/node_binding.hpp"
#include "core/keys/lnd_key_derivation.hpp"
#include "core/ops/params.hpp"

namespace lnstore::app {

namespace {
}

void setup_key(CLI::App& app, Context& ctx) {
  auto* key = add_group(app, "key", "The wallet root key (from --root-key-file): public keys only");

  on_run(key->add_subcommand("info", "Source, fingerprint, node key and backup key of the root key"), ctx, [&ctx] {
    return run_command(ctx, [&]() -> Result<Json> {
      auto root = LNSTORE_TRY(ctx.root_key());
      auto net = LNSTORE_TRY(ctx.network());
      auto node = LNSTORE_TRY(keys::derive_lnd_pubkey(root->key, net, codec::KeyLocator{codec::k_family_node_key, 0}));
      auto backup = LNSTORE_TRY(keys::derive_lnd_pubkey(root->key, net, codec::KeyLocator{codec::k_family_base_encryption, 0}));
      Json aezeed = nullptr;
      if (root->source == "aezeed")
        aezeed = Json{{"internal_version", *root->aezeed_internal_version}, {"birthday", *root->aezeed_birthday}};
      // An existing database learns its node and chain here when it does not
      // know them yet; a database of another node is reported, not changed
      // (key info is also how an operator finds out which seed is which).
      std::string database = "none";
      if (std::filesystem::exists(ctx.db_path())) {
        const auto claim = LNSTORE_TRY(ctx.root_key_claim());
        database = LNSTORE_TRY(ctx.write([&](storage::Store& store, ops::OperationContext&) -> Result<std::string> {
          const auto binding = LNSTORE_TRY(channels::load_node_binding(store));
          if (!channels::check_node_claim(binding, claim)) return std::string("other_node");
          return LNSTORE_TRY(channels::bind_node(store, claim)) ? std::string("recorded") : std::string("matches");
        }));
      }
      return Json{{"network", std::string(codec::network_name(net))},
                  {"source", root->source},
                  {"root_fingerprint", util::to_hex(root->key.fingerprint())},
                  {"node_pubkey", util::to_hex(node)},
                  {"backup_key_pubkey", util::to_hex(backup)},
                  {"aezeed", aezeed},
                  {"database", database}};
    });
  });

  struct DeriveOptions {
    std::string family, index;
  };
  auto o = std::make_shared<DeriveOptions>();
  auto* derive = key->add_subcommand("derive", "Public key at m/1017'/coin'/family'/0/index (lnd's derivation)");
  derive->add_option("--family", o->family, "Key family (0 multisig ... 6 node, 7 backup)")->required();
  derive->add_option("--index", o->index, "Key index")->required();
  on_run(derive, ctx, [&ctx, o] {
    return run_command(ctx, [&]() -> Result<Json> {
      Json args = {{"family", o->family}, {"index", o->index}};
      ops::Params p(args);
      codec::KeyLocator loc{static_cast<std::uint32_t>(LNSTORE_TRY(p.integer("family", 0, 2147483647))),
                     static_cast<std::uint32_t>(LNSTORE_TRY(p.integer("index", 0, 2147483647)))};
      auto root = LNSTORE_TRY(ctx.root_key());
      auto net = LNSTORE_TRY(ctx.network());
      auto pubkey = LNSTORE_TRY(keys::derive_lnd_pubkey(root->key, net, loc));
      return Json{{"path", keys::lnd_key_path(net, loc)}, {"pubkey", util::to_hex(pubkey)}};
    });
  });
}

}  // namespace lnstore::app
