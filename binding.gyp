{
  "targets": [
    {
      "target_name": "yinxin_sm2",
      "sources": [
        "src/crypto/native/binding.c",
        "src/crypto/native/sm2_ec.c"
      ],
      "cflags": ["-O3", "-std=gnu11", "-Wall", "-Wextra", "-fno-strict-aliasing"],
      "cflags!": ["-O2"],
      "defines": ["NAPI_DISABLE_CPP_EXCEPTIONS"]
    }
  ]
}
